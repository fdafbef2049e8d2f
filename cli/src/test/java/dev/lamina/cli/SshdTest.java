package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's server (Debian 12's) in a container, reached from the host through a published port:
 * its privilege-separated child chroots to /run/sshd and sandboxes itself with a seccomp filter
 * before it speaks to the client (both refused or misapplied before, and no connection was served),
 * then a session (Debian's PAM stack setting the login uid, which a process may do once) runs a command as
 * Linux would, with its exit status, a pty and an upload by scp.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshdTest {
    @TempDir
    static Path work;
    private Path key;
    private int port;
    private Process sshd;

    @BeforeAll
    void setUp() throws Exception {
        assertTrue(Repo.isRoot(), "the Debian root's packages are installed as root");
        String tarball = Command.ok(Repo.root().resolve("scripts/debian-root").toString(), "openssh-server").stdout().strip();
        Path root = Files.createDirectories(work.resolve("root"));
        Command.ok("tar", "--numeric-owner", "-C", root.toString(), "-xf", tarball);
        key = work.resolve("key");
        Command.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        Path ssh = Files.createDirectories(root.resolve("root/.ssh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.copy(work.resolve("key.pub"), ssh.resolve("authorized_keys"));
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> argv = new ArrayList<>(Runs.laminaArgv(root, "sshd-test", List.of("-p", "127.0.0.1:" + port + ":22"),
                "sh", "-c", "mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e"));
        sshd = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(work.resolve("sshd.log").toFile()).start();
        for (int i = 0; i < 300 && sshd.isAlive(); i++) { // bounded: 30 s
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("sshd did not listen: " + Files.readString(work.resolve("sshd.log")));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (sshd == null) return;
        sshd.destroy();
        if (!sshd.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) sshd.destroyForcibly();
    }

    private List<String> client(String program, String... more) {
        List<String> argv = new ArrayList<>(List.of(program, "-i", key.toString(), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"));
        argv.addAll(List.of(more));
        return argv;
    }

    private Command.Result ssh(String... more) throws IOException {
        List<String> argv = client("ssh", "-p", String.valueOf(port));
        argv.addAll(List.of(more));
        Command.Result r = Command.run(argv, Map.of(), null, 60);
        if (r.exitCode() == 255) throw new AssertionError("ssh failed: " + r + "\n--- sshd\n" + Files.readString(work.resolve("sshd.log")));
        return r;
    }

    @Test
    void aCommandRunsWithItsExitStatus() throws IOException {
        Command.Result r = ssh("root@127.0.0.1", "id -un; pwd; hostname; exit 3");
        assertEquals(3, r.exitCode(), r.toString());
        assertEquals("root\n/root\nsshd-test\n", r.stdout());
    }

    @Test
    void aSessionHasAPty() throws IOException {
        Command.Result r = ssh("-tt", "root@127.0.0.1", "tty; test -t 0 && echo terminal");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("/dev/pts/0\r\nterminal\r\n", r.stdout().replaceAll("/dev/pts/\\d+", "/dev/pts/0"));
    }

    /** What Testcontainers' exposeHostPorts does through its sshd container: a port in the container, forwarded to a host service. */
    @Test
    void aRemoteForwardReachesAServiceOnTheHost() throws Exception {
        try (ServerSocket service = new ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!service.isClosed()) {
                    try (Socket s = service.accept()) {
                        s.getOutputStream().write("hello from the host\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            List<String> argv = client("ssh", "-p", String.valueOf(port), "-N", "-o", "ExitOnForwardFailure=yes",
                    "-R", "9000:127.0.0.1:" + service.getLocalPort(), "root@127.0.0.1");
            Process forward = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(work.resolve("forward.log").toFile()).start();
            try {
                Command.Result r = null;
                for (int i = 0; i < 20 && forward.isAlive(); i++) { // bounded: the forward is set up after the login
                    r = ssh("root@127.0.0.1", "exec 3<>/dev/tcp/127.0.0.1/9000 && cat <&3");
                    if (r.exitCode() == 0) break;
                    Thread.sleep(250);
                }
                assertTrue(r != null && r.exitCode() == 0, "no forward: " + r + "\n" + Files.readString(work.resolve("forward.log")));
                assertEquals("hello from the host\n", r.stdout());
            } finally {
                forward.destroy();
                forward.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void scpUploadsAFile() throws IOException {
        Path file = Files.writeString(work.resolve("upload.txt"), "sent by scp\n");
        List<String> scp = client("scp", "-P", String.valueOf(port), file.toString(), "root@127.0.0.1:/tmp/upload.txt");
        Command.Result sent = Command.run(scp, Map.of(), null, 60);
        assertEquals(0, sent.exitCode(), sent.toString());
        assertEquals("sent by scp\n", ssh("root@127.0.0.1", "cat /tmp/upload.txt").stdout());
    }
}
