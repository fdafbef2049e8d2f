package dev.lamina.image.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A lock shared by every Lamina process on one store: an fcntl lock on a file for
 * other processes, a read-write lock for threads of this one (the JVM refuses two
 * fcntl locks on one file from one process, so the file lock is taken once, by the
 * first reader or by the writer).
 */
public final class StoreLock {
    private final Path file;
    private final ReentrantReadWriteLock local = new ReentrantReadWriteLock();
    private FileChannel channel;
    private FileLock shared;
    private int readers;

    /** A held lock; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    StoreLock(Path file) {
        this.file = file;
    }

    /** Held while content is added or read: many at once. */
    Held shared() {
        local.readLock().lock();
        synchronized (this) {
            try {
                if (readers++ == 0) shared = open().lock(0, Long.MAX_VALUE, true);
            } catch (IOException e) {
                readers--;
                local.readLock().unlock();
                throw new UncheckedIOException("cannot lock the image store: " + e.getMessage(), e);
            }
        }
        return () -> {
            synchronized (this) {
                if (--readers == 0) release(shared);
            }
            local.readLock().unlock();
        };
    }

    /** Held while something is removed or names change: no one else inside. */
    Held exclusive() {
        local.writeLock().lock();
        FileLock lock;
        try {
            lock = open().lock();
        } catch (IOException e) {
            local.writeLock().unlock();
            throw new UncheckedIOException("cannot lock the image store: " + e.getMessage(), e);
        }
        return () -> {
            release(lock);
            local.writeLock().unlock();
        };
    }

    private synchronized FileChannel open() throws IOException {
        if (channel == null || !channel.isOpen())
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return channel;
    }

    private static void release(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock the image store: " + e.getMessage(), e);
        }
    }
}
