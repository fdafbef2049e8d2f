package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Paths that try to leave the container stay inside it, and the host's
 * files are the same after every attempt. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfinementTest {
    private static final List<Path> HOST_FILES =
            List.of(Path.of("/etc/passwd"), Path.of("/etc/shadow"), Path.of("/etc/hostname"), Path.of("/etc/hosts"));

    @TempDir
    static Path work;
    private Path root;
    private Path outside;
    private final Map<Path, String> before = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        root = AlpineRootfs.unpack(work.resolve("root"));
        outside = work.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), "host secret\n");
        // Links planted in the image that point at host paths.
        Files.createSymbolicLink(root.resolve("tmp/escape"), outside);
        Files.createSymbolicLink(root.resolve("tmp/up"), Path.of("../../../../../../../../.."));
        for (Path p : hostFiles()) before.put(p, sha256(p));
    }

    private List<Path> hostFiles() {
        List<Path> all = new java.util.ArrayList<>(HOST_FILES);
        all.add(outside.resolve("secret.txt"));
        return all.stream().filter(Files::exists).toList();
    }

    @AfterAll
    void hostFilesUnchanged() throws Exception {
        for (Map.Entry<Path, String> e : before.entrySet())
            assertEquals(e.getValue(), sha256(e.getKey()), e.getKey() + " changed on the host");
        assertEquals(List.of("secret.txt"), List.of(outside.toFile().list()));
    }

    private Command.Result run(String... command) {
        return Runs.lamina(root, "confined", command);
    }

    @Test
    void dotDotAtTheRootStaysThere() throws Exception {
        Command.Result r = run("cat", "/../../etc/passwd");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(Files.readString(root.resolve("etc/passwd")), r.stdout());
        Command.Result cd = run("sh", "-c", "cd /tmp/../../../../.. && pwd && ls");
        assertEquals("/\n" + run("ls").stdout(), cd.stdout());
    }

    @Test
    void symlinkToRootListsTheContainerRoot() {
        Command.Result r = run("sh", "-c", "cd /tmp && ln -s / x && ls x/ && rm x");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(run("ls", "/").stdout(), r.stdout());
        Command.Result up = run("ls", "/tmp/up/");
        assertEquals(run("ls", "/").stdout(), up.stdout(), up.toString());
    }

    @Test
    void absoluteSymlinkToTheHostsShadowIsTheContainers() throws Exception {
        Command.Result r = run("sh", "-c", "ln -s /etc/shadow /tmp/s && cat /tmp/s && echo changed > /tmp/s && rm /tmp/s");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("root:"), r.toString());
        assertEquals("changed\n", Files.readString(root.resolve("etc/shadow")));
    }

    @Test
    void linksPlantedInTheImageResolveInsideIt() {
        Command.Result r = run("cat", "/tmp/escape/secret.txt");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("No such file or directory"), r.toString());
        Command.Result write = run("sh", "-c", "echo x > /tmp/escape/new.txt");
        assertNotEquals(0, write.exitCode(), write.toString());
    }

    @Test
    void symlinkLoopsEndInEloop() {
        Command.Result r = run("sh", "-c", "ln -s a /tmp/b && ln -s b /tmp/a; cat /tmp/a; echo $?; rm /tmp/a /tmp/b");
        assertEquals("1\n", r.stdout(), r.toString());
        assertTrue(r.stderr().contains("Symbolic link loop"), r.toString());
    }

    @Test
    void relativeWritesFromDeepDirectoriesLandInTheRoot() throws Exception {
        Command.Result r = run("sh", "-c", "mkdir -p /tmp/d/e && cd /tmp/d/e && echo here > ../../../../../../landed && cat /landed");
        assertEquals("here\n", r.stdout(), r.toString());
        assertEquals("here\n", Files.readString(root.resolve("landed")));
        Files.delete(root.resolve("landed"));
    }

    @Test
    void muslPlusCannotBeChangedFromInside() throws Exception {
        Path muslPlus = dev.lamina.cli.testing.Repo.root().resolve("cli/target/lamina/lib/ld-musl-x86_64.so.1");
        String before = sha256(muslPlus);
        Command.Result r = run("sh", "-c", "echo x > /lib/ld-musl-x86_64.so.1; echo $?; rm /lib/ld-musl-x86_64.so.1; echo $?; "
                + "chmod 777 /lib/ld-musl-x86_64.so.1; echo $?");
        assertEquals("1\n1\n1\n", r.stdout(), r.toString());
        assertEquals(before, sha256(muslPlus));
    }

    @Test
    void hostProcessesAreOutOfReach() {
        // This test's own JVM: a host process of the same user, outside the container.
        long host = ProcessHandle.current().pid();
        Command.Result r = run("sh", "-c", "kill -0 " + host + "; echo kill=$?; renice -n 1 -p " + host
                + " 2>/dev/null; echo renice=$?; ionice -p " + host + " 2>/dev/null; echo ionice=$?; "
                + "renice -n 1 -p $$ >/dev/null; echo own=$?; ls /proc | grep '^[0-9]' | awk '$1 > 100' | wc -l");
        // /proc lists only the container's own (small) pids.
        assertEquals("kill=1\nrenice=1\nionice=1\nown=0\n0\n", r.stdout(), r.toString());
    }

    @Test
    void theHostUsersOtherTerminalsAreOutOfReach() throws Exception {
        // A terminal of this user on the host (script(1) makes one for its sleep), which a
        // container could otherwise read keys from or type into with TIOCSTI.
        Process holder = new ProcessBuilder("script", "-qfc", "sleep 60", "/dev/null").redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String pts = null;
            for (int i = 0; i < 100 && pts == null; i++) {
                Thread.sleep(50);
                pts = holder.descendants().map(p -> Path.of("/proc", String.valueOf(p.pid()), "fd", "0"))
                        .map(fd -> { try { return Files.readSymbolicLink(fd).toString(); } catch (Exception e) { return ""; } })
                        .filter(t -> t.startsWith("/dev/pts/")).findFirst().orElse(null);
            }
            assertNotNull(pts, "no host terminal to try");
            Command.Result r = run("sh", "-c", "cat " + pts + "; echo read=$?; echo x > " + pts + "; echo write=$?; "
                    + "echo y > /dev/tty; echo tty=$?");
            assertEquals("read=1\nwrite=1\ntty=1\n", r.stdout(), r.toString());
            // No controlling terminal here: /dev/tty is refused as Linux refuses it.
            assertTrue(r.stderr().contains("/dev/tty: No such device or address"), r.toString());
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void keysCannotBeTypedIntoTheUsersTerminal() throws Exception {
        Path program = root.resolve("usr/local/bin/tiocsti");
        Files.createDirectories(program.getParent());
        Command.ok("musl-gcc", "-O2", "-o", program.toString(),
                dev.lamina.cli.testing.Repo.root().resolve("cli/src/test/resources/guest/tiocsti.c").toString());
        // On a terminal shared with lamina (no -t), as a user at a shell runs it. Natively the
        // program can type (this kernel allows TIOCSTI), so the refusal is Lamina's.
        Command.Result natively = Command.run("script", "-qec", program.toString(), "/dev/null");
        assertTrue(natively.stdout().contains("typed"), natively.toString());
        Command.Result contained = Command.run("script", "-qec",
                dev.lamina.cli.testing.Repo.launcher() + " run --rootfs " + root + " -- /usr/local/bin/tiocsti", "/dev/null");
        assertTrue(contained.stdout().contains("refused: Operation not permitted"), contained.toString());
    }

    @Test
    void aDescriptorOnAHostFileReadsAsLinuxShowsIt() {
        // A file outside the root reads as its path outside, as Linux shows one outside a chroot.
        Command.Result r = Command.run("sh", "-c", dev.lamina.cli.testing.Repo.launcher() + " run --rootfs " + root
                + " -- readlink /proc/self/fd/0 </etc/hostname");
        assertEquals("/etc/hostname\n", r.stdout(), r.toString());
    }

    @Test
    void procSelfRootIsTheContainerRoot() {
        Command.Result r = run("ls", "/proc/self/root/../..");
        assertEquals(run("ls", "/").stdout(), r.stdout(), r.toString());
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
