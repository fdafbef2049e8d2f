package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.store.Trees;
import dev.lamina.rootfs.SharedInodes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's root linked from an image's through directory descriptors: what it shares, what it keeps of the image's directories. */
class RootLinksTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    @TempDir Path dir;

    /** An image root: nested directories with modes of every kind, times and owners; files; symlinks (dangling too). */
    private Path image(Path at) throws IOException {
        Path root = Files.createDirectories(at.resolve("image"));
        Files.createDirectories(root.resolve("usr/lib/deep/er"));
        Files.writeString(root.resolve("usr/lib/deep/er/file"), "deep");
        Files.writeString(root.resolve("etc"), "not a directory here");
        Files.createDirectory(root.resolve("tmp"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        Files.createDirectory(root.resolve("shared"));
        Files.setAttribute(root.resolve("shared"), "unix:mode", 02750);
        Files.createDirectory(root.resolve("sealed"));
        Files.writeString(root.resolve("sealed/inside"), "x");
        Files.setAttribute(root.resolve("sealed"), "unix:mode", 0500);
        Files.createSymbolicLink(root.resolve("usr/lib/rel"), Path.of("deep/er/file"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr/lib/deep"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere"));
        Files.writeString(root.resolve("naïve ☃"), "utf-8 name");
        if (Trees.ROOT) {
            Files.setAttribute(root.resolve("shared"), "unix:uid", 1234, NOFOLLOW);
            Files.setAttribute(root.resolve("shared"), "unix:gid", 5678, NOFOLLOW);
            Files.setAttribute(root.resolve("shared"), "unix:mode", 02750); // chown cleared the set-group-ID bit
        }
        for (String d : List.of("usr/lib/deep/er", "usr/lib/deep", "usr/lib", "usr", "tmp", "shared", "sealed", ""))
            Files.setLastModifiedTime(root.resolve(d), FileTime.fromMillis(1_600_000_000_000L + d.length() * 1000L));
        Files.setAttribute(root, "unix:mode", 0755);
        return root;
    }

    private static final List<String> DIRECTORIES = List.of("", "usr", "usr/lib", "usr/lib/deep", "usr/lib/deep/er", "tmp", "shared", "sealed");
    private static final List<String> FILES = List.of("usr/lib/deep/er/file", "etc", "sealed/inside", "usr/lib/rel", "abs", "dangling", "naïve ☃");

    @Test
    void directoriesKeepTheImagesModesOwnersAndTimesAndEveryOtherFileIsALinkToTheImagesListedAsShared() throws IOException {
        Path image = image(dir);
        Path root = dir.resolve("containers/c/rootfs");
        Files.createDirectories(root.getParent());
        SharedInodes shared = RootLinks.share(image, root);
        for (String d : DIRECTORIES) {
            Map<String, Object> want = Files.readAttributes(image.resolve(d), "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
            Map<String, Object> got = Files.readAttributes(root.resolve(d), "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
            assertEquals(want, got, "directory '" + d + "'");
            assertNotEquals(Files.getAttribute(image.resolve(d), "unix:ino", NOFOLLOW), Files.getAttribute(root.resolve(d), "unix:ino", NOFOLLOW));
        }
        assertEquals(01777, (int) Files.getAttribute(root.resolve("tmp"), "unix:mode") & 07777);
        if (Trees.ROOT) assertEquals(1234, Files.getAttribute(root.resolve("shared"), "unix:uid", NOFOLLOW));
        for (String f : FILES) {
            long dev = (Long) Files.getAttribute(root.resolve(f), "unix:dev", NOFOLLOW);
            long ino = (Long) Files.getAttribute(root.resolve(f), "unix:ino", NOFOLLOW);
            assertEquals(Files.getAttribute(image.resolve(f), "unix:ino", NOFOLLOW), ino, f + " is the image's file");
            assertTrue(shared.contains(dev, ino), f + " is listed as shared");
        }
        assertEquals(FILES.size(), shared.size());
        assertEquals(Path.of("deep/er/file"), Files.readSymbolicLink(root.resolve("usr/lib/rel")));
        assertEquals("deep", Files.readString(root.resolve("usr/lib/rel")));
        try (var names = Files.list(root)) {
            assertEquals(List.of("abs", "dangling", "etc", "naïve ☃", "sealed", "shared", "tmp", "usr"), names.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Across file systems (no hard link possible) each file is the container's own copy, and none is listed as shared. */
    @Test
    void filesAreCopiedWhereTheyCannotBeLinked() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path other = Files.createTempDirectory(shm, "lamina-root-links-");
        try {
            if (Files.getFileStore(other).equals(Files.getFileStore(dir))) return; // one file system here: nothing to cross
            Path image = image(other);
            Path root = dir.resolve("rootfs");
            SharedInodes shared = RootLinks.share(image, root);
            assertEquals(0, shared.size());
            assertEquals("deep", Files.readString(root.resolve("usr/lib/deep/er/file")));
            assertNotEquals(Files.getAttribute(image.resolve("etc"), "unix:ino"), Files.getAttribute(root.resolve("etc"), "unix:ino"));
            assertEquals(Path.of("/nowhere"), Files.readSymbolicLink(root.resolve("dangling")));
            assertEquals(01777, (int) Files.getAttribute(root.resolve("tmp"), "unix:mode") & 07777);
        } finally {
            Files.setAttribute(other.resolve("image/sealed"), "unix:mode", 0700);
            Trees.delete(other);
        }
    }

    @Test
    void aRootThatExistsIsRefusedAndLeftAlone() throws IOException {
        Path image = image(dir);
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        Files.writeString(root.resolve("mine"), "kept");
        assertThrows(FileAlreadyExistsException.class, () -> RootLinks.share(image, root));
        assertEquals("kept", Files.readString(root.resolve("mine")));
        assertFalse(Files.exists(root.resolve("usr")));
    }
}
