package dev.lamina.engine.containers;

import dev.lamina.container.ContainerRoot;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A container's root made ahead of need. Linking an image's files into a new root is
 * most of a create (8-12 ms of a `docker run`'s 11-14 ms create for alpine's 520 files),
 * and clients that create a container usually create the next from the same image. So
 * after each create one root of that image is made on a thread of its own, and the
 * next create of it takes that root by two renames. Roots are made in the engine's
 * tmp/, which every start empties; a removed image's is discarded at once, so that its
 * files do not outlive it there.
 */
final class RootsAhead {
    private static final System.Logger LOG = System.getLogger(RootsAhead.class.getName());

    private final Path dir;
    private final ImageStore store;
    private final Discards discards;
    private final ExecutorService maker =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("lamina-roots-ahead").factory());
    private long made;
    /** The image id of the root made, with its directory (holding "rootfs" and its shared-inodes list); or none. */
    private String readyImage;
    private Path ready;
    /** The image a root is being made for, and whether it was removed meanwhile. */
    private String making;
    private boolean makingForgotten;

    /** {@code dir}: under the engine's tmp/, on the containers' file system. */
    RootsAhead(Path dir, ImageStore store, Discards discards) {
        this.dir = dir;
        this.store = store;
        this.discards = discards;
    }

    /**
     * Puts a root made ahead for {@code image} at {@code rootfs}, its list of shared inodes
     * beside it, and starts making the next. False when there was none: the caller makes it.
     */
    boolean take(StoredImage image, Path rootfs) {
        String id = image.id().toString();
        Path taken = null;
        synchronized (this) {
            if (ready != null && id.equals(readyImage)) {
                taken = ready;
                ready = null;
                readyImage = null;
            }
        }
        boolean placed = taken != null && place(taken, rootfs);
        if (taken != null) discards.discard(taken);
        makeNext(image);
        return placed;
    }

    /** A removed image's root goes, and so does one being made for it once it is made. */
    synchronized void forget(String imageId) {
        if (imageId.equals(readyImage)) {
            discards.discard(ready);
            ready = null;
            readyImage = null;
        }
        if (imageId.equals(making)) makingForgotten = true;
    }

    private static boolean place(Path taken, Path rootfs) {
        Path from = taken.resolve("rootfs");
        try {
            Files.move(from, rootfs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot take the root made ahead in " + taken, e);
            return false;
        }
        try {
            Files.move(ContainerRoot.sharedInodes(from), ContainerRoot.sharedInodes(rootfs), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot take the root made ahead in " + taken, e);
            Discards.delete(rootfs); // a root without its list is not one the kernel can serve
            return false;
        }
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
            boolean ok;
            try {
                Files.createDirectories(next);
                ContainerRoot.share(store, image, next.resolve("rootfs"));
                ok = true;
            } catch (IOException | RuntimeException e) {
                // the image removed meanwhile, or the disk full: the next create links its own
                LOG.log(System.Logger.Level.DEBUG, "no root made ahead for " + id, e);
                ok = false;
            }
            synchronized (this) {
                boolean keep = ok && !makingForgotten;
                making = null;
                if (keep) {
                    // named "root-" once whole (what a look at the directory can tell)
                    Path root = next.resolveSibling("root-" + next.getFileName().toString().substring("making-".length()));
                    try {
                        Files.move(next, root, StandardCopyOption.ATOMIC_MOVE);
                        if (ready != null) discards.discard(ready);
                        ready = root;
                        readyImage = id;
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
