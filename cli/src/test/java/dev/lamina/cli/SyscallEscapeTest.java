package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Nobody;
import dev.lamina.cli.testing.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile static binary (guest/escape.c) run with --compat makes its system
 * calls through the init host's own syscall instruction, past musl+, Syscall
 * User Dispatch and the Lamina kernel: Landlock alone must refuse it the
 * host's files, a host process's pid and an abstract socket on the host. Run
 * again with confinement off (LAMINA_CONFINE=0, the bench's knob), the same
 * attacks succeed: that shows what the test checks is Landlock's doing (and
 * the seccomp filter's, for POSIX queues, System V IPC, which through libc
 * reaches the container's own namespace: the host's segment is not found, and
 * new namespaces, refused through libc either way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyscallEscapeTest {
    private static final String SOCKET = "lamina-hostile-guest-test";
    /** A socket made through libc is the kernel's: a stream one its placeholder, connected already (EISCONN), a
     * datagram one shut for sending (EPIPE), confined or not. */
    private static final List<String> REFUSED = List.of("read -13", "write -13", "create -13", "mkdir -13", "kill -1",
            "connect -1", "connect-path -1", "connect-seqpacket -1", "connect-libc-socket -106",
            "dgram -1", "dgram-pair -1", "dgram-libc-socket -32", "dgram-libc-connected -32", "mq-open -1", "mq-open-libc -38",
            "shm-get -1", "shm-get-libc -2", "unshare-user-libc -1", "unshare-user -1");
    private static final List<String> ESCAPED = List.of("read ok", "write ok", "create ok", "mkdir ok", "kill ok",
            "connect ok", "connect-path ok", "connect-seqpacket -91", "connect-libc-socket -106",
            "dgram ok", "dgram-pair ok", "dgram-libc-socket -32", "dgram-libc-connected -32", "mq-open ok", "mq-open-libc -38",
            "shm-get ok", "shm-get-libc -2", "unshare-user-libc -1", "unshare-user ok");

    @TempDir
    static Path work;
    private Path root;
    private Path escape;
    private Process listener;
    private final List<Process> receivers = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        assertTrue(Repo.isRoot(), "the non-root run switches users");
        root = AlpineRootfs.unpack(work.resolve("root"));
        escape = root.resolve("bin/escape");
        Command.ok("musl-gcc", "-static", "-O2", "-o", escape.toString(),
                Path.of(getClass().getResource("/guest/escape.c").toURI()).toString());
        Command.ok("chmod", "-R", "a+rwX", root.toString());
        Command.ok("chmod", "755", work.toString());
        // The abstract socket, served on the host (by root; abstract sockets have no owner checks).
        listener = new ProcessBuilder(escape.toString(), "listen", SOCKET).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(listener.getInputStream()));
        assertEquals("listening", out.readLine());
        // A System V segment of the host's, which any user may attach (IPC_PRIVATE is not found by key).
        Command.ok(escape.toString(), "shm");
    }

    @AfterAll
    void stopListener() {
        listener.destroyForcibly();
        receivers.forEach(Process::destroyForcibly);
        Command.run(List.of("ipcrm", "-M", "0x4c414d49"), Map.of(), null, 10);
    }

    /** A world-readable secret and a world-writable directory outside the root, a sleep of the same user to kill,
     * and a host socket anyone may connect to, counting the connections it accepts. */
    private record Target(Path secret, Path dir, Process sleep, Path socket, AtomicInteger accepted, Path dgram,
                          AtomicInteger received) {}

    private Target target(String name, List<String> sleepAs) throws Exception {
        Path outside = Files.createDirectories(work.resolve(name));
        Path secret = Files.writeString(outside.resolve("secret"), "host secret\n");
        Path dir = Files.createDirectories(outside.resolve("drop"));
        Path socket = outside.resolve("host.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        AtomicInteger accepted = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        // A host datagram socket (a syslog's /dev/log), counting the datagrams that reach it.
        Path dgram = outside.resolve("host.dgram");
        Process receiver = new ProcessBuilder(escape.toString(), "receive", dgram.toString()).redirectErrorStream(true).start();
        receivers.add(receiver);
        var lines = new BufferedReader(new InputStreamReader(receiver.getInputStream()));
        assertEquals("listening", lines.readLine());
        AtomicInteger received = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            try {
                while (lines.readLine() != null) received.incrementAndGet();
            } catch (IOException e) {
                // the receiver is gone
            }
        });
        Command.ok("chmod", "-R", "a+rwX", outside.toString());
        return new Target(secret, dir, new ProcessBuilder(sleepAs).start(), socket, accepted, dgram, received);
    }

    private void attack(Target t, String secret, BiFunction<List<String>, Map<String, String>, Command.Result> lamina)
            throws Exception {
        List<String> argv = List.of("run", "--compat", "--rootfs", root.toString(), "--",
                "/bin/escape", secret, t.dir().toString(), Long.toString(t.sleep().pid()), SOCKET, t.socket().toString(),
                t.dgram().toString());
        try {
            Command.Result confined = lamina.apply(argv, Map.of());
            assertEquals(0, confined.exitCode(), confined.toString());
            assertEquals("", confined.stderr(), "no warning on a kernel with Landlock ABI 6+");
            assertEquals(REFUSED, confined.stdout().lines().toList(), confined.toString());
            assertTrue(t.sleep().isAlive(), "the host process was killed");
            assertEquals(List.of(), List.of(t.dir().toFile().list()), "files were made on the host");
            assertEquals("host secret\n", Files.readString(t.secret()));
            assertEquals(0, t.accepted().get(), "a guest reached the host's socket");
            assertEquals(0, t.received().get(), "a guest sent to the host's datagram socket");

            Command.Result open = lamina.apply(argv, Map.of("LAMINA_CONFINE", "0"));
            assertEquals(ESCAPED, open.stdout().lines().toList(), open.toString());
            for (int i = 0; i < 100 && t.accepted().get() == 0; i++) Thread.sleep(20);
            assertEquals(1, t.accepted().get(), "the unconfined guest's connection");
            for (int i = 0; i < 100 && t.received().get() < 2; i++) Thread.sleep(20);
            assertEquals(2, t.received().get(), "the unconfined guest's datagrams, from sockets of its own");
            t.sleep().waitFor();
            assertFalse(t.sleep().isAlive());
        } finally {
            t.sleep().destroyForcibly();
        }
    }

    private static Command.Result asRoot(List<String> args, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(args);
        return Command.run(argv, env, null, 60);
    }

    @Test
    void aRootRunGuestIsHeldByLandlock() throws Exception {
        attack(target("root-target", List.of("sleep", "600")), "/etc/shadow", SyscallEscapeTest::asRoot);
    }

    @Test
    void aNonRootGuestIsHeldByLandlock() throws Exception {
        Nobody nobody = Nobody.install(Files.createDirectories(work.resolve("nobody")));
        Target t = target("nobody-target", Nobody.as(List.of("sleep", "600")));
        attack(t, t.secret().toString(), nobody::lamina);
    }
}
