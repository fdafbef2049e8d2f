package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.ContainerConfig.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `-v HOST_PATH:PATH[:ro]` parsed and checked, and mount points made without following the image's symlinks. */
class VolumesTest {
    @TempDir Path dir;

    @Test
    void parsesReadWriteAndReadOnly() throws IOException {
        Path host = Files.createDirectory(dir.resolve("data"));
        Files.createSymbolicLink(dir.resolve("link"), host);
        assertEquals(new Volume(host.toRealPath(), "/work", false), Volumes.parse(host + ":/work", "-v"));
        assertEquals(new Volume(host.toRealPath(), "/work", false), Volumes.parse(host + ":/work:rw", "-v"));
        assertEquals(new Volume(host.toRealPath(), "/a/b", true), Volumes.parse(dir.resolve("link") + ":/a/./c/../b/:ro", "-v"));
    }

    /** Docker's options that ask nothing of Lamina are taken (Testcontainers sends "ro,z"); ro still counts among them. */
    @Test
    void takesDockersOptionsThatChangeNothingHere() throws IOException {
        Path host = Files.createDirectory(dir.resolve("data"));
        assertEquals(new Volume(host.toRealPath(), "/x", true), Volumes.parse(host + ":/x:ro,z", "Binds"));
        assertEquals(new Volume(host.toRealPath(), "/x", false), Volumes.parse(host + ":/x:rw,Z,rprivate", "Binds"));
        assertEquals(new Volume(host.toRealPath(), "/x", false), Volumes.parse(host + ":/x:z", "Binds"));
        // propagation, as node-exporter's compose file asks (`/:/rootfs:ro,rslave`): it was "invalid mode"
        assertEquals(new Volume(host.toRealPath(), "/x", true), Volumes.parse(host + ":/x:ro,rslave", "Binds"));
        assertEquals(new Volume(host.toRealPath(), "/x", false), Volumes.parse(host + ":/x:shared", "Binds"));
        for (String bad : List.of("ro,rw", "z,z", "ro,", "bogus", "ro,slave,slave"))
            assertEquals("invalid mode: " + bad,
                    assertThrows(ContainerSpecException.class, () -> Volumes.parse(host + ":/x:" + bad, "Binds")).getMessage());
    }

    @Test
    void refusesWhatCannotBeBoundAndTakesFiles() throws IOException {
        Path host = Files.createDirectory(dir.resolve("data"));
        Path file = Files.createFile(dir.resolve("file"));
        String[][] cases = {
            {"/proc/self/no-dir:/x", "-v /proc/self/no-dir:/x: cannot make the host directory: /proc/self/no-dir: no such file"},
            {host + ":relative", "-v " + host + ":relative: the container path must be absolute"},
            {host + ":/", "-v " + host + ":/: cannot bind over the container's root"},
            {host + ":/x/..", "-v " + host + ":/x/..: cannot bind over the container's root"},
            {host + ":/proc/x", "-v " + host + ":/proc/x: /proc is the container's own"},
            {host + ":/x:rx", "invalid mode: rx"},
            {host.toString(), "-v wants HOST_PATH:PATH[:ro], got '" + host + "'"},
            {":/x", "-v wants HOST_PATH:PATH[:ro], got ':/x'"},
        };
        for (String[] c : cases) assertEquals(c[1], assertThrows(ContainerSpecException.class, () -> Volumes.parse(c[0], "-v")).getMessage());
        assertEquals(new Volume(file.toRealPath(), "/etc/app.conf", true), Volumes.parse(file + ":/etc/app.conf:ro", "-v"), "a single file binds");
        // A host file over the /etc files the kernel serves takes its place, as over Docker's; nothing else goes there.
        assertEquals(new Volume(file.toRealPath(), "/etc/resolv.conf", true), Volumes.parse(file + ":/etc/resolv.conf:ro", "-v"));
        assertEquals(new Volume(file.toRealPath(), "/etc/hosts", false), Volumes.parse(file + ":/etc/./hosts", "-v"));
        assertEquals("-v " + host + ":/etc/hostname: /etc/hostname is a file: only a host file can be bound over it",
                assertThrows(ContainerSpecException.class, () -> Volumes.parse(host + ":/etc/hostname", "-v")).getMessage());
        Path missing = dir.resolve("missing");
        assertThrows(ContainerSpecException.class, () -> Volumes.parse(missing + ":/etc/hosts", "-v"));
        assertFalse(Files.exists(missing), "no directory made for it");
        assertEquals("Binds vol:/etc/resolv.conf: /etc/resolv.conf is a file: only a host file can be bound over it",
                assertThrows(ContainerSpecException.class, () -> Volumes.form("vol:/etc/resolv.conf", "vol:/etc/resolv.conf", "Binds"))
                        .getMessage(), "a named volume is refused before it is made");
        assertEquals("-v " + host + ":/etc/hosts/x: /etc/hosts is the container's own",
                assertThrows(ContainerSpecException.class, () -> Volumes.parse(host + ":/etc/hosts/x", "-v")).getMessage());
        assertEquals("Binds " + host + ":relative: the container path must be absolute",
                assertThrows(ContainerSpecException.class, () -> Volumes.parse(host + ":relative", "Binds")).getMessage());
    }

    /**
     * A mount inside another mount has its mount point in that mount's directory, as Docker's lands in
     * the volume, so a listing of the outer one shows it (it showed nothing before); never through a
     * symlink in it, nor in a read-only one.
     */
    @Test
    void aMountInsideAnotherHasItsMountPointThere() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outer = Files.createDirectory(dir.resolve("outer"));
        Path inner = Files.createDirectory(dir.resolve("inner"));
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(outer.resolve("link"), outside);
        Path conf = Files.writeString(dir.resolve("app.conf"), "conf");
        MountPoints.make(root, List.of(new Volume(outer, "/n", false), new Volume(inner, "/n/b/c", false),
                new Volume(conf, "/n/app.conf", true), new Volume(inner, "/n/link/d", false),
                new Volume(ro, "/r", true), new Volume(inner, "/r/e", false)));
        assertTrue(Files.isDirectory(root.resolve("n")), "the outer one's mount point is in the root");
        assertTrue(Files.isDirectory(outer.resolve("b/c")), "the inner one's is in the outer one's directory");
        assertFalse(Files.exists(root.resolve("n/b")), "not in the root beneath it");
        assertTrue(Files.isRegularFile(outer.resolve("app.conf"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(outside.resolve("d")), "never through a symlink in the outer one");
        assertFalse(Files.exists(ro.resolve("e")), "nor in a read-only one");
    }

    @Test
    void mountPointsAreMadeButNeverThroughASymlink() throws IOException {
        Path host = Files.createDirectory(dir.resolve("data"));
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.writeString(root.resolve("file"), "x");
        Path conf = Files.writeString(dir.resolve("app.conf"), "conf");
        MountPoints.make(root, List.of(new Volume(host, "/srv/data", false), new Volume(host, "/escape/in", false),
                new Volume(host, "/file/in", true), new Volume(conf, "/etc/app/app.conf", true)));
        assertTrue(Files.isDirectory(root.resolve("srv/data")));
        assertTrue(Files.isRegularFile(root.resolve("etc/app/app.conf"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "a file's mount point is a file");
        assertEquals(0, Files.size(root.resolve("etc/app/app.conf")));
        assertFalse(Files.exists(outside.resolve("in")));
        assertEquals("x", Files.readString(root.resolve("file")));
    }

    /** A mount point is where the root's links lead (inside the root): usr-merged /sbin, a relative link, `..` stopping
     * at the root, an absolute link to a host path read as the root's; never over the kernel's own places. */
    @Test
    void mountPointsAreWhereTheRootsLinksLead() throws IOException {
        Path host = Files.createDirectory(dir.resolve("data"));
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
        Files.createDirectories(root.resolve("var"));
        Files.createSymbolicLink(root.resolve("var/run"), Path.of("../../../run"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/srv"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("sneaky"), Path.of("/proc/self"));
        List<Volume> placed = Volumes.placed(root, List.of(new Volume(host, "/sbin/docker-init", true),
                new Volume(host, "/var/run/x", false), new Volume(host, "/abs/data", false), new Volume(host, "/plain", false)));
        assertEquals(List.of("/usr/sbin/docker-init", "/run/x", "/srv/data", "/plain"), placed.stream().map(Volume::containerPath).toList());
        assertTrue(placed.getFirst().readOnly());
        assertThrows(ContainerSpecException.class, () -> Volumes.placed(root, List.of(new Volume(host, "/loop/x", false))));
        ContainerSpecException own = assertThrows(ContainerSpecException.class,
                () -> Volumes.placed(root, List.of(new Volume(host, "/sneaky/x", false))));
        assertTrue(own.getMessage().contains("the container's own"), own.getMessage());
        // /etc/resolv.conf is where the kernel's own file is, whatever link the image has there.
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("../run/resolv.conf"));
        assertEquals("/etc/resolv.conf", Volumes.placed(root, List.of(new Volume(host, "/etc/resolv.conf", true))).getFirst().containerPath());
    }

    /** A directory bound over a file of the image, or a file over a directory, is refused, as runc refuses the mount
     * (it ran, and the path changed type in the container); beneath another mount, which hides the image's file,
     * nothing is refused. */
    @Test
    void aDirectoryOverAFileIsRefusedUnlessAnotherMountHidesIt() throws IOException {
        Path host = Files.createDirectory(dir.resolve("data"));
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/config"), "the image's");
        ContainerSpecException overFile = assertThrows(ContainerSpecException.class,
                () -> Volumes.placed(root, List.of(new Volume(host, "/app/config", false))));
        assertTrue(overFile.getMessage().contains("Are you trying to mount a directory onto a file (or vice-versa)?"), overFile.getMessage());
        assertThrows(ContainerSpecException.class, () -> Volumes.placed(root, List.of(new Volume(file, "/app", false))));
        assertEquals(2, Volumes.placed(root, List.of(new Volume(host, "/app", false), new Volume(host, "/app/config", false))).size());
        assertEquals(1, Volumes.placed(root, List.of(new Volume(file, "/app/config", true))).size());
    }
}
