package dev.lamina.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One engine per data root: a lock held on a file for the engine's life (the OS lets go when it dies, even by SIGKILL). */
final class EngineLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private EngineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock; null when another engine holds it. */
    static EngineLock take(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = c.tryLock();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        if (l == null) {
            c.close();
            return null;
        }
        return new EngineLock(c, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
