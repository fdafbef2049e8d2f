package dev.lamina.image.store;

import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Makes concurrent requests for the same content do the work once: threads of this
 * process wait on one future, other processes on a lock file per digest. After
 * waiting, {@code done} is asked again, so the loser finds the winner's result.
 */
final class OncePerDigest {
    interface Work {
        void run() throws IOException;
    }

    interface Check {
        boolean done() throws IOException;
    }

    private final Path lockDir;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    OncePerDigest(Path lockDir) throws IOException {
        this.lockDir = Files.createDirectories(lockDir);
    }

    void run(String kind, Digest digest, Check done, Work work) throws IOException {
        if (done.done()) return;
        String key = kind + "-" + digest.hex();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            await(theirs);
            if (!done.done()) run(kind, digest, done, work); // the other attempt failed; try ourselves
            return;
        }
        try (FileChannel ch = FileChannel.open(lockDir.resolve(key), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (!done.done()) work.run();
            mine.complete(null);
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** Removes the lock files; only while no work can be running (the store's exclusive lock). */
    void removeLocks() throws IOException {
        try (var files = Files.list(lockDir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
    }

    private static void await(CompletableFuture<Void> f) throws IOException {
        try {
            f.get();
        } catch (ExecutionException e) {
            // The other attempt's error is its own to report; ours is decided by the re-check.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}
