package dev.lamina.engine.containers;

import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes a removed container's directory off the path of its removal: a root of
 * hard links to an image's files is hundreds to thousands of unlinks, and `docker
 * run --rm` waits for the removal. The directory is renamed into the engine's tmp/
 * (the same file system, so at once) and deleted there by one thread of its own;
 * what an engine stopped meanwhile leaves there goes with tmp/ at its next start.
 */
final class Discards {
    private static final System.Logger LOG = System.getLogger(Discards.class.getName());

    private final Path dir;
    private final AtomicLong next = new AtomicLong();
    private final ExecutorService deleter =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("lamina-discards").factory());

    /** {@code dir}: where discarded trees wait for deletion, on the containers' file system. */
    Discards(Path dir) { this.dir = dir; }

    /** Takes {@code p} away at once; its tree is deleted later. */
    void discard(Path p) {
        Path aside = dir.resolve("discarded-" + p.getFileName() + "-" + next.incrementAndGet());
        try {
            Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(p); // not movable there (another file system?): deleted here, as before
            return;
        }
        deleter.execute(() -> delete(aside));
    }

    static void delete(Path p) {
        try {
            Trees.delete(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + p, e);
        }
    }
}
