package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Nobody;
import dev.lamina.cli.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Lamina run by an ordinary host user (nobody): the guest is root inside,
 * the files it makes belong to that user outside. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonRootTest {
    private static final String USER = Nobody.USER;

    @TempDir
    static Path work;
    private Nobody nobody;
    private Path root;

    @BeforeAll
    void setUp() throws Exception {
        assertTrue(Repo.isRoot(), "switching to another user needs root");
        nobody = Nobody.install(work);
        root = AlpineRootfs.unpack(work.resolve("root"));
        Command.ok("chown", "-R", USER + ":" + USER, root.toString());
    }

    private Command.Result asNobody(String... command) {
        return asNobody(List.of(), command);
    }

    private Command.Result asNobody(List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(options);
        args.addAll(List.of("--rootfs", root.toString(), "--"));
        args.addAll(List.of(command));
        return nobody.lamina(args);
    }

    @Test
    void withPortsOfItsOwnAContainerServesPort80() {
        Command.Result own = asNobody(List.of("-p", "127.0.0.1::80"), "sh", "-c",
                "nc -lk -p 80 -e echo inside & until nc -z localhost 80; do sleep 0.1; done; nc localhost 80");
        assertEquals("inside\n", own.stdout(), own.toString());
        int port = Integer.parseInt(own.stderr().replaceAll("(?s).*host port (\\d+)\n", "$1"));
        assertTrue(port >= 1024, own.stderr());
        // On the host's network, port 80 is the host's, which nobody may not bind.
        Command.Result host = asNobody("nc", "-l", "-p", "80");
        assertEquals(1, host.exitCode(), host.toString());
        assertTrue(host.stderr().contains("Permission denied"), host.toString());
    }

    @Test
    void imageOwnersAndChownsAreKept() throws Exception {
        // An image whose files belong to users other than root, imported by nobody, who cannot chown.
        Path image = AlpineRootfs.unpack(work.resolve("owned"));
        Files.writeString(image.resolve("srv-file"), "x");
        Files.createDirectories(image.resolve("srv/data"));
        Command.ok("chown", "1000:1001", image.resolve("srv-file").toString());
        Command.ok("chown", "-R", "33:33", image.resolve("srv").toString());
        Command.ok("mknod", "-m", "620", image.resolve("srv-tty").toString(), "c", "5", "0");
        Command.ok("chown", "1000:5", image.resolve("srv-tty").toString());
        Command.ok("musl-gcc", "-O2", "-o", image.resolve("usr/local/bin/fstat-owner").toString(),
                Repo.root().resolve("cli/src/test/resources/guest/fstat_owner.c").toString());
        Path tar = work.resolve("owned.tar");
        Command.ok("tar", "--numeric-owner", "-C", image.toString(), "-cf", tar.toString(), ".");
        Command.ok("chmod", "644", tar.toString());
        assertEquals(0, nobody.lamina(List.of("import", tar.toString(), "owned:1")).exitCode());
        Command.Result r = nobody.lamina(List.of("run", "owned:1", "sh", "-c",
                "stat -c '%u:%g %n' /srv-file /srv/data /etc/passwd; fstat-owner /srv-file; "
                        + "echo new > /tmp/new; chown 7:8 /tmp/new; chown :9 /tmp/new; stat -c '%u:%g %n' /tmp/new; "
                        + "ls -ln /tmp/new | awk '{print $3\":\"$4}'; fstat-owner /tmp/new; "
                        // the owner of a file whose mode denies its owner writing (the host user cannot set the attribute)
                        + "mkdir -m 555 /tmp/ro; chown 5:6 /tmp/ro && stat -c '%u:%g %a' /tmp/ro"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                1000:1001 /srv-file
                33:33 /srv/data
                0:0 /etc/passwd
                1000:1001
                7:9 /tmp/new
                7:9
                7:9
                5:6 555
                """, r.stdout());
        // A chown of a file shared with the image changes this container's copy only.
        Command.Result changed = nobody.lamina(List.of("run", "owned:1", "sh", "-c",
                "chown 9:9 /srv-file; echo more >> /srv-file; stat -c '%u:%g %s' /srv-file"));
        assertEquals("9:9 6\n", changed.stdout(), changed.toString());
        Command.Result fresh = nobody.lamina(List.of("run", "owned:1", "stat", "-c", "%u:%g %s", "/srv-file"));
        assertEquals("1000:1001 1\n", fresh.stdout(), fresh.toString());
        // The image's device node, and one made by mknod, as root's are: marked files nobody can make and keep.
        Command.Result devices = nobody.lamina(List.of("run", "owned:1", "sh", "-c",
                "stat -c '%F %t:%T %a %u:%g' /srv-tty; mknod /tmp/zero c 1 5 && head -c 2 /tmp/zero | od -An -tx1"));
        assertEquals("character special file 5:0 620 1000:5\n 00 00\n", devices.stdout(), devices.toString());
    }

    @Test
    void theGuestIsRootAndItsFilesAreTheUsers() throws Exception {
        Command.Result r = asNobody("sh", "-c", "id; echo made > /root/file; ls -l /root/file; cat /root/file; "
                + "grep ^Uid /proc/self/status");
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.stdout().split("\n");
        assertTrue(lines[0].startsWith("uid=0(root) gid=0(root)"), r.toString());
        assertTrue(lines[1].matches("-rw-r--r-- +1 root +root +5 .* /root/file"), r.toString());
        assertEquals("made", lines[2]);
        assertEquals("Uid:\t0\t0\t0\t0", lines[3]);
        assertEquals(USER, Command.ok("stat", "-c", "%u", root.resolve("root/file").toString()).stdout().trim());
    }

    @Test
    void procIsReadOnlyAndPidOneSurvivesSigkill() {
        Command.Result r = asNobody("sh", "-c", "echo x > /proc/1/stat; echo $?; kill -9 1; echo alive");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("1\nalive\n", r.stdout());
        assertTrue(r.stderr().contains("can't create /proc/1/stat: Permission denied"), r.toString());
    }
}
