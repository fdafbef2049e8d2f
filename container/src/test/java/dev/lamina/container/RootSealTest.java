package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.host.HostCalls;
import dev.lamina.rootfs.SharedInodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root's seal holds while nothing changes the root, and breaks at every kind of change a guest or a client can make. */
class RootSealTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    @TempDir Path dir;

    /** A root as ContainerRoot makes one: nested directories, files linked from an "image" (shared), a file of its own. */
    private record Root(Path rootfs, SharedInodes shared) {}

    private Root root(String name) throws IOException {
        Path image = Files.createDirectories(dir.resolve(name + "-image/usr/lib"));
        Files.writeString(image.resolve("lib.so"), "the image's");
        Path rootfs = dir.resolve(name + "/rootfs");
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createLink(rootfs.resolve("usr/lib/lib.so"), image.resolve("lib.so"));
        Files.createLink(rootfs.resolve("etc/lib.so"), image.resolve("lib.so"));
        Files.writeString(rootfs.resolve(".dockerenv"), "");
        long dev = (Long) Files.getAttribute(image.resolve("lib.so"), "unix:dev");
        long ino = (Long) Files.getAttribute(image.resolve("lib.so"), "unix:ino");
        return new Root(rootfs.toRealPath(), SharedInodes.builder().add(dev, ino).build());
    }

    private interface Change { void on(Path rootfs) throws IOException; }

    private static final Map<String, Change> CHANGES = new LinkedHashMap<>();
    static {
        CHANGES.put("a file made at the top", r -> Files.writeString(r.resolve("new"), "x"));
        CHANGES.put("a file made deep", r -> Files.writeString(r.resolve("usr/lib/new"), "x"));
        CHANGES.put("a shared file removed", r -> Files.delete(r.resolve("usr/lib/lib.so")));
        CHANGES.put("a shared file renamed in its directory", r -> Files.move(r.resolve("etc/lib.so"), r.resolve("etc/other.so")));
        CHANGES.put("a shared file copied up (replaced by a file of its own)", r -> {
            Path f = r.resolve("usr/lib/lib.so");
            Path copy = r.resolve("usr/lib/.copy");
            Files.writeString(copy, "the image's");
            Files.move(copy, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        });
        CHANGES.put("an own file written", r -> Files.writeString(r.resolve(".dockerenv"), "x"));
        CHANGES.put("an own file written to and truncated back", r -> {
            try (var ch = Files.newByteChannel(r.resolve(".dockerenv"), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
                ch.truncate(0);
            }
        });
        CHANGES.put("an own file's mode", r -> Files.setAttribute(r.resolve(".dockerenv"), "unix:mode", 0777));
        CHANGES.put("an own file linked elsewhere", r -> Files.createLink(r.resolveSibling("outside"), r.resolve(".dockerenv")));
        CHANGES.put("the root's mode", r -> Files.setAttribute(r, "unix:mode", 0777));
        CHANGES.put("a directory's mode", r -> Files.setAttribute(r.resolve("tmp"), "unix:mode", 0700));
        CHANGES.put("a directory's time set back after a file made and removed in it", r -> {
            FileTime was = Files.getLastModifiedTime(r.resolve("tmp"));
            Files.writeString(r.resolve("tmp/x"), "x");
            Files.delete(r.resolve("tmp/x"));
            Files.setLastModifiedTime(r.resolve("tmp"), was);
        });
        CHANGES.put("a directory's attribute", r -> Files.getFileAttributeView(r.resolve("tmp"), UserDefinedFileAttributeView.class)
                .write("user.planted", ByteBuffer.wrap(new byte[] {1})));
        CHANGES.put("a directory replaced by a symlink", r -> {
            Files.move(r.resolve("tmp"), r.resolveSibling("tmp-away"));
            Files.createSymbolicLink(r.resolve("tmp"), Path.of("/"));
        });
        CHANGES.put("a directory moved away and back", r -> {
            Files.move(r.resolve("etc"), r.resolveSibling("etc-away"));
            Files.move(r.resolveSibling("etc-away"), r.resolve("etc"));
        });
        CHANGES.put("the root itself removed", r -> {
            for (String p : new String[] {"usr/lib/lib.so", "usr/lib", "usr", "etc/lib.so", "etc", "tmp", ".dockerenv", ""})
                Files.delete(r.resolve(p));
        });
    }

    @Test
    void holdsWhileNothingChangesIncludingReadsAndAMoveOfTheDirectoryHoldingTheRoot() throws IOException {
        Root r = root("same");
        RootSeal seal = RootSeal.of(r.rootfs(), r.shared());
        assertNotNull(seal);
        // the root, its four directories and its own file: the shared files are the image's, which nothing changes
        assertEquals(6, seal.size());
        assertTrue(seal.holds(r.rootfs()));
        Files.readString(r.rootfs().resolve("usr/lib/lib.so"));
        try (var l = Files.list(r.rootfs().resolve("usr/lib"))) { l.count(); }
        assertTrue(seal.holds(r.rootfs()));
        Path moved = dir.resolve("moved");
        Files.move(r.rootfs().getParent(), moved);
        assertTrue(seal.holds(moved.resolve("rootfs")), "the root taken into a container's directory (RootsAhead)");
    }

    @Test
    void breaksAtEveryChange() throws IOException {
        for (Map.Entry<String, Change> c : CHANGES.entrySet()) {
            Root r = root("c" + c.getKey().hashCode());
            RootSeal seal = RootSeal.of(r.rootfs(), r.shared());
            assertNotNull(seal);
            c.getValue().on(r.rootfs());
            assertFalse(seal.holds(r.rootfs()), c.getKey());
        }
    }

    /** The file system's clock ticks every few milliseconds (4 ms on this machine's ext4): a change in the tick the
     * root was sealed in could leave its times as they were. (Linux 6.13's multigrain timestamps give a change made
     * after a query a finer time, so a change made at once cannot show it here: the seal's wait is checked instead.) */
    @Test
    void isTakenOnlyOnceTheFileSystemsClockHasPassedEveryTimeItRecords() throws IOException {
        try (HostCalls h = new HostCalls()) {
            for (int i = 0; i < 40; i++) {
                Root r = root("at-once-" + i);
                RootSeal seal = RootSeal.of(r.rootfs(), r.shared());
                assertTrue(RootSeal.coarseNow(h) > seal.latest(), "round " + i);
                Files.writeString(r.rootfs().resolve("tmp/" + i), "x");
                assertFalse(seal.holds(r.rootfs()), "a change right after the seal, round " + i);
            }
        }
    }
}
