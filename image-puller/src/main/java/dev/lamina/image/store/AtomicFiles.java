package dev.lamina.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The store's one way of changing what it holds: write aside, fsync, rename into
 * place, fsync the directory. A crash leaves either the old state or the new one,
 * plus litter in tmp/ that the next open removes.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    static void write(Path target, byte[] content, Path tmpDir) throws IOException {
        Path tmp = Files.createTempFile(tmpDir, "write-", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        replace(tmp, target);
    }

    /** Renames {@code source} over {@code target} atomically and makes the rename durable. */
    static void replace(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /**
     * Moves a finished directory (or file) to its content address. When another pull
     * got there first the content is the same, so ours is dropped.
     */
    static boolean publish(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store's tmp and data directories must be on one file system", e);
        } catch (java.nio.file.FileSystemException e) {
            // A directory renamed onto a full one fails with ENOTEMPTY, which Java reports as a plain FileSystemException.
            if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw e;
            Trees.delete(source);
            return false;
        }
        syncDirectory(target.getParent());
        return true;
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename itself still happened.
        }
    }
}
