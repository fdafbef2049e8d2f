package dev.lamina.engine.containers;

import dev.lamina.container.ContainerRoot;
import dev.lamina.container.RootSeal;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import dev.lamina.rootfs.SharedInodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Container roots made ahead of need, and roots of removed containers kept for the next.
 * Linking an image's files into a new root is most of a create (8-12 ms of a `docker run`'s
 * 11-14 ms create for alpine's 520 files), and deleting it most of a removal's work; clients
 * that create a container usually create the next from the same image. So after a create
 * takes the last root of its image, one is made on a thread of its own; and the root of a
 * removed container is kept in its place when its seal ({@link RootSeal}) shows that nothing
 * changed it, so that `docker run --rm` after `docker run --rm` neither makes nor deletes one.
 * A create takes a root by two renames. Roots wait in the engine's tmp/, which every start
 * empties; a removed image's are discarded at once, so that its files do not outlive it there.
 */
final class RootsAhead {
    private static final System.Logger LOG = System.getLogger(RootsAhead.class.getName());
    /** Roots kept ready, of any images (the oldest discarded first). */
    private static final int KEPT = 2;
    private static final String ROOTFS = "rootfs";

    /** A root ready to be taken: its directory (holding "rootfs" and its shared-inodes list) and seal. */
    private record Ready(String image, Path dir, RootSeal seal, boolean used) {}

    private final Path dir;
    private final ImageStore store;
    private final Discards discards;
    private final ExecutorService maker =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("lamina-roots-ahead").factory());
    private long made;
    /** Newest first. */
    private final Deque<Ready> ready = new ArrayDeque<>();
    /** The image a root is being made for, and whether it was removed meanwhile. */
    private String making;
    private boolean makingForgotten;
    /** How many images were removed: a root offered before one is not kept. */
    private long forgotten;

    /** {@code dir}: under the engine's tmp/, on the containers' file system. */
    RootsAhead(Path dir, ImageStore store, Discards discards) {
        this.dir = dir;
        this.store = store;
        this.discards = discards;
    }

    /**
     * Makes {@code cdir}, a new container's directory, from a root ready for {@code image}:
     * "rootfs" and its list of shared inodes, by one rename (the root's own directory keeps
     * its ctime, which its seal records); starts making the next if that was the image's
     * last. Returns the root's seal, which the container keeps for {@link #offer}; none when
     * there was no root: the caller makes {@code cdir} and its root.
     */
    RootSeal take(StoredImage image, Path cdir) {
        String id = image.id().toString();
        Ready taken = null;
        boolean last;
        synchronized (this) {
            for (Iterator<Ready> i = ready.iterator(); i.hasNext() && taken == null; ) {
                Ready r = i.next();
                if (r.image().equals(id)) {
                    taken = r;
                    i.remove();
                }
            }
            last = ready.stream().noneMatch(r -> r.image().equals(id));
        }
        RootSeal placed = null;
        // A root a container had is checked again: only the end of that container's every process ends what could change it.
        if (taken != null && (!taken.used() || taken.seal().holds(taken.dir().resolve(ROOTFS)))) {
            try {
                Files.move(taken.dir(), cdir, StandardCopyOption.ATOMIC_MOVE);
                placed = taken.seal();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot take the root made ahead in " + taken.dir(), e);
            }
        }
        if (taken != null && placed == null) discards.discard(taken.dir());
        if (last) makeNext(image);
        return placed;
    }

    /**
     * A removed container's directory {@code cdir}, once no process of it runs: taken away at
     * once; its root is kept ready for its image if its seal holds, the rest deleted.
     */
    void offer(String image, Path cdir, RootSeal seal) {
        Path used, rest;
        long forgets;
        synchronized (this) {
            used = dir.resolve("used-" + ++made);
            rest = dir.resolve("rest-" + made);
            forgets = forgotten;
        }
        try {
            Files.move(cdir, used, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discards.discard(cdir);
            return;
        }
        maker.execute(() -> {
            try {
                Files.createDirectory(rest);
                try (var entries = Files.list(used)) {
                    for (Path p : entries.toList())
                        if (!p.getFileName().toString().equals(ROOTFS) && !p.equals(ContainerRoot.sharedInodes(used.resolve(ROOTFS))))
                            Files.move(p, rest.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
                discards.discard(rest);
                if (seal.holds(used.resolve(ROOTFS))) {
                    synchronized (this) {
                        if (forgets == forgotten) {
                            keep(new Ready(image, used, seal, true));
                            return;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "a used root not kept: " + used, e);
                if (Files.exists(rest)) discards.discard(rest);
            }
            discards.discard(used);
        });
    }

    /** A removed image's roots go, and so does one being made for it once it is made. */
    synchronized void forget(String imageId) {
        forgotten++;
        for (Iterator<Ready> i = ready.iterator(); i.hasNext(); ) {
            Ready r = i.next();
            if (r.image().equals(imageId)) {
                discards.discard(r.dir());
                i.remove();
            }
        }
        if (imageId.equals(making)) makingForgotten = true;
    }

    /** Under this lock: newest first, the oldest beyond {@link #KEPT} discarded. */
    private void keep(Ready r) {
        ready.addFirst(r);
        while (ready.size() > KEPT) discards.discard(ready.removeLast().dir());
    }

    private void makeNext(StoredImage image) {
        String id = image.id().toString();
        Path next;
        synchronized (this) {
            if (making != null) return; // one at a time: the next create makes its own if this is not its image
            making = id;
            makingForgotten = false;
            next = dir.resolve("making-" + ++made);
        }
        maker.execute(() -> {
            RootSeal seal = null;
            try {
                Files.createDirectories(next);
                SharedInodes shared = ContainerRoot.share(store, image, next.resolve(ROOTFS));
                seal = RootSeal.of(next.resolve(ROOTFS), shared);
            } catch (IOException | RuntimeException e) {
                // the image removed meanwhile, or the disk full: the next create links its own
                LOG.log(System.Logger.Level.DEBUG, "no root made ahead for " + id, e);
            }
            synchronized (this) {
                boolean keep = seal != null && !makingForgotten;
                making = null;
                if (keep) {
                    // named "root-" once whole (what a look at the directory can tell)
                    Path root = next.resolveSibling("root-" + next.getFileName().toString().substring("making-".length()));
                    try {
                        Files.move(next, root, StandardCopyOption.ATOMIC_MOVE);
                        keep(new Ready(id, root, seal, false));
                        return;
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.WARNING, "cannot keep the root made ahead in " + next, e);
                    }
                }
            }
            discards.discard(next);
        });
    }
}
