package dev.lamina.cli;

import dev.lamina.container.ContainerRoot;
import dev.lamina.image.IoMessages;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data root's containers/: a directory per running container, and beside it
 * a lock file its lamina holds while it runs. A lamina that died without cleaning
 * up (a `kill -9`) holds no lock any more, so the next run removes what it left.
 */
final class ContainerDirs {
    private static final String LOCK = ".lock";

    private ContainerDirs() {}

    /** A container's directory, claimed; closing removes it and lets go of the lock (again: nothing more). */
    record Claim(Path dir, Path lockFile, FileChannel lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Trees.delete(dir);
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                // what is left, the next run's sweep removes
            }
            try {
                lock.close();
            } catch (IOException e) {
                // released anyway when the process ends
            }
        }
    }

    static Claim claim(String id) {
        Path containers = DataRoot.containers();
        try {
            ContainerRoot.privateDirectory(containers);
            sweep(containers);
            Path lockFile = containers.resolve(id + LOCK);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.lock();
            return new Claim(containers.resolve(id), lockFile, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the container's directory in " + containers + ": " + IoMessages.describe(e), e);
        }
    }

    /** Removes the directories of containers whose lamina is gone. */
    private static void sweep(Path containers) throws IOException {
        List<Path> locks;
        try (Stream<Path> s = Files.list(containers)) {
            locks = s.filter(p -> p.getFileName().toString().endsWith(LOCK)).toList();
        }
        for (Path lockFile : locks) {
            String id = lockFile.getFileName().toString();
            id = id.substring(0, id.length() - LOCK.length());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock held = channel.tryLock();
                if (held == null) continue; // its lamina is running
                Trees.delete(containers.resolve(id));
                Files.deleteIfExists(lockFile);
            } catch (IOException | OverlappingFileLockException e) {
                // gone meanwhile, or ours: leave it
            }
        }
    }
}
