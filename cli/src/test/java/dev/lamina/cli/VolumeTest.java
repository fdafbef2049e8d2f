package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lamina run -v HOST_PATH:PATH`: the host directory read and written in place, and still a container path. */
class VolumeTest {
    @TempDir
    Path host;

    private static Command.Result lamina(String... args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, java.util.Map.of(), null, 120);
    }

    @Test
    void theContainerWorksInTheHostDirectoryInPlace() throws Exception {
        Files.writeString(host.resolve("notes.txt"), "from the host\n");
        Files.createLink(host.resolve("notes-link"), host.resolve("notes.txt"));
        Files.createDirectories(host.resolve("src/deep"));
        Command.Result r = lamina("run", "-v", host + ":/work", "-w", "/work/src", "--", "sh", "-c",
                "pwd; cat ../notes.txt; echo built > deep/out.txt; echo appended >> /work/notes-link; "
                        + "ls -d /work; readlink /proc/self/cwd; find /work -name '*.txt' | sort");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("/work/src\nfrom the host\n/work\n/work/src\n/work/notes.txt\n/work/src/deep/out.txt\n", r.stdout());
        assertEquals("built\n", Files.readString(host.resolve("src/deep/out.txt")));
        // Written in place: both names of the hard-linked file show the change (no copy-up).
        assertEquals("from the host\nappended\n", Files.readString(host.resolve("notes.txt")));
        assertEquals(2, Files.getAttribute(host.resolve("notes.txt"), "unix:nlink"));
    }

    /** A single file bound (a config file): read and written in place, seen in its directory, its name held like a mount point's. */
    @Test
    void aSingleFileIsBoundInPlace() throws Exception {
        Path conf = Files.writeString(host.resolve("app.conf"), "from the host\n");
        Files.writeString(host.resolve("neighbour"), "not bound\n");
        Command.Result r = lamina("run", "-v", conf + ":/etc/app/app.conf", "--", "sh", "-c",
                "cat /etc/app/app.conf; echo changed >> /etc/app/app.conf; ls /etc/app; "
                        + "rm /etc/app/app.conf 2>&1; mv /etc/app/app.conf /etc/app/moved 2>&1; mv /etc/hostname /etc/app/app.conf 2>&1; "
                        + "ls /etc/app/neighbour 2>&1; cat /etc/app/app.conf");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("from the host\napp.conf\n"
                + "rm: can't remove '/etc/app/app.conf': Resource busy\n"
                + "mv: can't rename '/etc/app/app.conf': Resource busy\n"
                + "mv: can't rename '/etc/hostname': Resource busy\n"
                + "ls: /etc/app/neighbour: No such file or directory\n"
                + "from the host\nchanged\n", r.stdout());
        assertEquals("from the host\nchanged\n", Files.readString(conf));
        Command.Result ro = lamina("run", "-v", conf + ":/app.conf:ro", "--", "sh", "-c", "echo x >> /app.conf; cat /app.conf");
        assertEquals("from the host\nchanged\n", ro.stdout(), ro.toString());
        assertTrue(ro.stderr().contains("can't create /app.conf: Read-only file system"), ro.toString());
    }

    @Test
    void pathsInTheVolumeStayInsideTheContainer() throws Exception {
        Files.createSymbolicLink(host.resolve("release"), Path.of("/etc/os-release"));
        Files.createSymbolicLink(host.resolve("up"), Path.of("../../../.."));
        Command.Result r = lamina("run", "-v", host + ":/work", "--", "sh", "-c",
                "head -1 /work/release; ls /work/up/ | grep -c work; cd /work/../.. && pwd");
        assertEquals(0, r.exitCode(), r.toString());
        // The container's os-release, the container's root, not the host's.
        assertEquals("NAME=\"Lamina default image\"\n1\n/\n", r.stdout());
    }

    /** A directory descriptor on the volume works after a rename, and `..` from it (by openat, fchdir or
     * /proc/self/fd/N) reaches the container's root, not the host directory's parent. */
    @Test
    void directoryDescriptorsOnTheVolumeStayInTheContainer() throws Exception {
        Command.ok("musl-gcc", "-O2", "-o", host.resolve("dirfds").toString(),
                Path.of(getClass().getResource("/guest/dirfds.c").toURI()).toString());
        Command.Result r = lamina("run", "-v", host + ":/work", "--", "/work/dirfds", "/tmp/s", "/work");
        assertEquals(0, r.exitCode(), r.toString());
        String release = "NAME=\"Lamina default image\"";
        assertTrue(r.stdout().endsWith(String.join("\n", "volume:", "  rename: ok", "  create: ok", "  write: ok",
                "  by the new name: in the volume",
                "  openat(dirfd, ../../etc/os-release): " + release,
                "  openat(dirfd, ../../../../../../etc/os-release): " + release,
                "  openat(volume, ../etc/os-release): " + release,
                "  /proc/self/fd/V/../etc/os-release: " + release,
                "  fchdir: ok", "  getcwd: /work/vnew",
                "  ../../etc/os-release from there: " + release, "")), r.toString());
        assertEquals("in the volume\n", Files.readString(host.resolve("vnew/file")));
    }

    @Test
    void movingOutOfTheVolumeCopiesAcrossAsBetweenMounts() throws Exception {
        Files.writeString(host.resolve("f"), "x");
        Command.Result r = lamina("run", "-v", host + ":/work", "--", "sh", "-c", "mv /work/f /tmp/f && cat /tmp/f");
        assertEquals("x", r.stdout(), r.toString());
        assertFalse(Files.exists(host.resolve("f")));
    }

    @Test
    void aReadOnlyVolumeIsReadButNeverChanged() throws Exception {
        Files.writeString(host.resolve("config"), "keep me\n");
        Files.createDirectories(host.resolve("dir"));
        Command.Result r = lamina("run", "-v", host + ":/conf:ro", "--", "sh", "-c", String.join("; ",
                "cat /conf/config", "echo x >> /conf/config", "echo $?", "touch /conf/new", "echo $?", "rm /conf/config", "echo $?",
                "mv /conf/config /conf/moved", "echo $?", "chmod 777 /conf/config", "echo $?", "mkdir /conf/d", "echo $?",
                "ln -s x /conf/l", "echo $?", "rmdir /conf/dir", "echo $?", "truncate -s 0 /conf/config", "echo $?",
                "touch -d 2001-01-01 /conf/config", "echo $?"));
        assertEquals("keep me\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n", r.stdout(), r.toString());
        assertTrue(r.stderr().contains("Read-only file system"), r.toString());
        assertEquals("keep me\n", Files.readString(host.resolve("config")));
        try (var files = Files.list(host)) {
            assertEquals(List.of("config", "dir"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void badVolumesAreRefusedInOneLine() {
        String[][] cases = {
            {"/proc/self/no-dir:/x", "lamina run: -v /proc/self/no-dir:/x: cannot make the host directory: /proc/self/no-dir: no such file"},
            {host + ":relative", "lamina run: -v " + host + ":relative: the container path must be absolute"},
            {host + ":/", "lamina run: -v " + host + ":/: cannot bind over the container's root"},
            {host + ":/proc/x", "lamina run: -v " + host + ":/proc/x: /proc is the container's own"},
            {host + ":/x:rx", "lamina run: invalid mode: rx"},
        };
        for (String[] c : cases) {
            Command.Result r = lamina("run", "-v", c[0], "--", "true");
            assertEquals(125, r.exitCode(), r.toString());
            assertEquals(c[1] + "\n", r.stderr());
        }
        assertTrue(lamina("run", "-v", host + ":/x", "--", "true").stderr().isEmpty());
    }
}
