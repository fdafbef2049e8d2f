package dev.lamina.image.store;

import dev.lamina.rootfs.OwnerXattr;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Removing whole trees without following symlinks, and a directory's owner and mode copied. */
public final class Trees {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** Whether Lamina runs as root, and so can give files the owners an image asks for. */
    public static final boolean ROOT = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

    private Trees() {}

    /**
     * Removes {@code p} and everything under it; a missing path is not an error. By descriptors (a
     * SecureDirectoryStream: openat, unlinkat, renameat), never by a path from the top: a container's tree
     * may be deeper than a path can name (PATH_MAX), and its removal failed half-way (review 43b). A
     * directory deeper than {@link #DEPTH} is moved up to the top and removed from there, so neither the
     * descriptors held nor the recursion grow with the tree's depth.
     */
    public static void delete(Path p) throws IOException {
        if (!Files.exists(p, NOFOLLOW)) return;
        if (!Files.isDirectory(p, NOFOLLOW)) {
            Files.deleteIfExists(p);
            return;
        }
        openUp(p);
        boolean movedUp;
        do {
            try (DirectoryStream<Path> top = Files.newDirectoryStream(p)) {
                if (!(top instanceof SecureDirectoryStream<Path> secure)) throw new IOException("no descriptor-based walk of " + p);
                movedUp = empty(secure, secure, 0);
            } catch (NoSuchFileException gone) {
                return; // removed by someone else meanwhile
            }
        } while (movedUp);
        try {
            Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException raced) {
            // another remover is still inside; whoever finishes last removes it
        }
    }

    /** How deep {@link #delete} goes below its top before it moves a directory up. */
    private static final int DEPTH = 64;
    private static final java.util.concurrent.atomic.AtomicLong MOVED_UP = new java.util.concurrent.atomic.AtomicLong();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Empties dir, {@code depth} below top; whether it moved a directory up to top (to be emptied there). */
    private static boolean empty(SecureDirectoryStream<Path> top, SecureDirectoryStream<Path> dir, int depth) throws IOException {
        boolean movedUp = false;
        for (Path entry : dir) {
            Path name = entry.getFileName();
            try {
                if (!dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes().isDirectory()) {
                    dir.deleteFile(name);
                    continue;
                }
                if (depth >= DEPTH) {
                    // a name no guest can have made there first (the tree may be a container's root)
                    dir.move(name, top, Path.of(".lamina-deep-" + Long.toHexString(RANDOM.nextLong()) + "-" + MOVED_UP.incrementAndGet()));
                    movedUp = true;
                    continue;
                }
                if (!ROOT) openUp(dir, name);
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW)) {
                    movedUp |= empty(top, child, depth + 1);
                }
                dir.deleteDirectory(name);
            } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
                // removed by someone else meanwhile, or another remover is still inside
            }
        }
        return movedUp;
    }

    /** Directories the image made read-only must be opened up to be emptied (root needs no opening). */
    private static void openUp(Path dir) throws IOException {
        if (ROOT) return;
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", NOFOLLOW);
        if ((mode & 0700) != 0700) Files.setAttribute(dir, "unix:mode", mode | 0700, NOFOLLOW);
    }

    private static void openUp(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        PosixFileAttributeView view = dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW);
        Set<PosixFilePermission> mode = EnumSet.copyOf(view.readAttributes().permissions());
        if (mode.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)))
            view.setPermissions(mode);
    }

    /** A directory's owner (or owner attribute) and mode, from one stat of the source. */
    public static void copyOwnerAndMode(Path from, Path to) throws IOException {
        Map<String, Object> a = Files.readAttributes(from, "unix:uid,gid,mode", NOFOLLOW);
        if (ROOT) {
            Files.setAttribute(to, "unix:uid", a.get("uid"), NOFOLLOW);
            Files.setAttribute(to, "unix:gid", a.get("gid"), NOFOLLOW);
        } else {
            OwnerXattr.copy(from, to);
        }
        // unix:mode keeps the set-id and sticky bits that POSIX permission sets drop.
        Files.setAttribute(to, "unix:mode", a.get("mode"), NOFOLLOW);
    }
}
