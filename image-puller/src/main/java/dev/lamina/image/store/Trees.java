package dev.lamina.image.store;

import dev.lamina.image.layer.OwnerXattr;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Copying and removing whole trees without following symlinks. */
public final class Trees {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** Whether Lamina runs as root, and so can give files the owners an image asks for. */
    public static final boolean ROOT = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

    private Trees() {}

    /** Removes {@code p} and everything under it; a missing path is not an error. */
    public static void delete(Path p) throws IOException {
        if (!Files.exists(p, NOFOLLOW)) return;
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // Directories the image made read-only must be opened up to be emptied.
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) throw e;
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Copies a tree with its modes (set-id and sticky bits included), times, and, when
     * Lamina runs as root, owners. Symlinks are copied as links.
     */
    public static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                else Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                copyOwnerAndMode(file, target, attrs.isSymbolicLink());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Path target = to.resolve(from.relativize(dir).toString());
                copyOwnerAndMode(dir, target, false);
                Files.setLastModifiedTime(target, Files.getLastModifiedTime(dir, NOFOLLOW));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void copyOwnerAndMode(Path from, Path to, boolean symlink) throws IOException {
        if (ROOT) {
            Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", NOFOLLOW), NOFOLLOW);
            Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", NOFOLLOW), NOFOLLOW);
        } else if (!symlink && Files.isDirectory(to, NOFOLLOW)) {
            OwnerXattr.copy(from, to); // files carry it through copies and hard links already
        }
        // unix:mode keeps the set-id and sticky bits that POSIX permission sets drop.
        if (!symlink) Files.setAttribute(to, "unix:mode", Files.getAttribute(from, "unix:mode", NOFOLLOW), NOFOLLOW);
    }
}
