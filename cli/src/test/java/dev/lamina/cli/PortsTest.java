package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.PortPlan.Published;
import dev.lamina.kernel.RuntimeFiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers with ports of their own, running alpine's busybox and C guests:
 * in this JVM as the engine runs them (two at once, each with its guest port
 * 80), and through {@code lamina run -p}. See README, Ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortsTest {
    private static final InetAddress V4_LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress V6_LOOPBACK = InetAddress.ofLiteral("::1");
    /** How long a guest has to start listening. */
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    static Path work;
    private Path root;
    private RuntimeFiles files;
    private final AtomicInteger names = new AtomicInteger();
    private final List<Running> running = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        root = AlpineRootfs.unpack(work.resolve("root"));
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("usr/local/bin/ports").toString(), guest("ports"));
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("usr/local/bin/v6only-published").toString(), guest("v6only_published"));
        Command.ok("musl-gcc", "-static", "-O2", "-o", root.resolve("usr/local/bin/port_escape").toString(), guest("port_escape"));
        files = RuntimeFiles.in(Repo.root().resolve("cli/target/lamina/lib"));
    }

    private String guest(String name) throws Exception {
        return Path.of(getClass().getResource("/guest/" + name + ".c").toURI()).toString();
    }

    /** A container of this JVM, running on a thread of its own until the test ends. */
    private record Running(Kernel kernel, Thread thread, Path root) {}

    private Running start(PortPlan ports, String... command) {
        Path own = AlpineRootfs.unpack(work.resolve("c" + names.incrementAndGet()));
        ContainerConfig config = new ContainerConfig(own, own.resolve("../state-" + own.getFileName()).normalize(),
                List.of(command), List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), "ports", "/", 0, 0, false, false,
                List.of(), Confinement.HOST_NETWORK, ports, null);
        Kernel kernel = new Kernel(config, files);
        Running r = new Running(kernel, Thread.ofPlatform().start(kernel::run), own);
        running.add(r);
        return r;
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Running r : running) {
            r.kernel().stop(Duration.ofSeconds(1));
            r.thread().join();
            r.kernel().close();
        }
        running.clear();
    }

    /** What a TCP server at host:port sends a new connection, once one answers. */
    private static String ask(InetAddress host, int port) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            try (Socket s = new Socket(host, port)) {
                String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!got.isEmpty()) return got;
            } catch (ConnectException e) {
                // nothing listens yet: the published port is held, and refuses
            }
            if (System.nanoTime() > deadline) throw new AssertionError("nothing answered at " + host + ":" + port);
            Thread.sleep(50);
        }
    }

    private static boolean connects(InetAddress host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int publishedPort(Running r) { return r.kernel().publishedPorts().getFirst().port(); }

    @Test
    void twoContainersServeTheirGuestPort80AtOnce() throws Exception {
        Running a = start(PortPlan.publishing(List.of(new Published(80, Protocol.TCP, V4_LOOPBACK, 0))),
                "nc", "-lk", "-p", "80", "-e", "echo", "from A");
        Running b = start(PortPlan.publishing(List.of(new Published(80, Protocol.TCP, V6_LOOPBACK, 0))),
                "nc", "-lk", "-p", "80", "-e", "echo", "from B");
        // busybox nc listens on [::]:80 (dual-stack): A's is reached over IPv4, B's over IPv6.
        assertEquals("from A\n", ask(V4_LOOPBACK, publishedPort(a)));
        assertEquals("from B\n", ask(V6_LOOPBACK, publishedPort(b)));
        assertEquals("from A\n", ask(V4_LOOPBACK, publishedPort(a)), "A still serves");
    }

    @Test
    void aPublishedPortIsKnownAndHeldBeforeTheGuestRuns() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, V4_LOOPBACK)) {
            free = probe.getLocalPort();
        }
        Running a = start(PortPlan.publishing(List.of(new Published(8080, Protocol.TCP, V4_LOOPBACK, free))),
                "nc", "-lk", "-p", "8080", "-e", "echo", "served");
        assertEquals(List.of(new PortPlan.HostPort(new Published(8080, Protocol.TCP, V4_LOOPBACK, free), free, false)),
                a.kernel().publishedPorts());
        // Without SO_REUSEADDR (Java's default): once the guest has bound the port, with SO_REUSEADDR
        // as nc does, another such socket may share it until the guest listens, as on Linux.
        assertThrows(IOException.class, () -> {
            try (ServerSocket other = new ServerSocket()) {
                other.setReuseAddress(false);
                other.bind(new java.net.InetSocketAddress(V4_LOOPBACK, free), 1);
            }
        }, "another program took the port");
        assertEquals("served\n", ask(V4_LOOPBACK, free));
        // Another container cannot have it.
        var taken = assertThrows(dev.lamina.kernel.PortUnavailableException.class,
                () -> start(PortPlan.publishing(List.of(new Published(80, Protocol.TCP, V4_LOOPBACK, free))), "true"));
        assertEquals("cannot publish 80/tcp at 127.0.0.1:" + free + ": the port is in use", taken.getMessage());
    }

    @Test
    void anUnpublishedPortIsOnLoopbackOnly() throws Exception {
        Running a = start(PortPlan.publishing(List.of()), "nc", "-lk", "-p", "80", "-e", "echo", "inside");
        String listener = awaitListener(a.kernel());
        // tcp6 (nc's socket is IPv6, dual-stack): the host side is ::ffff:127.0.0.1, IPv4's loopback.
        assertTrue(listener.startsWith("0000000000000000FFFF00000100007F:"), listener);
        int port = Integer.parseInt(listener.substring(listener.indexOf(':') + 1), 16);
        assertEquals("inside\n", ask(V4_LOOPBACK, port));
        assertTrue(!connects(InetAddress.ofLiteral("127.0.0.2"), port), "reached at another address than 127.0.0.1");
        assertTrue(!connects(V6_LOOPBACK, port), "reached over IPv6");
    }

    /** The host's local address (as /proc/net/tcp6 prints it) of the one socket the container listens on. */
    private static String awaitListener(Kernel kernel) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            Set<Long> held = kernel.heldSockets();
            for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6"))
                for (String line : Files.readAllLines(Path.of(file))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A") && f[9].chars().allMatch(Character::isDigit)
                            && held.contains(Long.parseLong(f[9])))
                        return f[1];
                }
            if (System.nanoTime() > deadline) throw new AssertionError("the container listens nowhere");
            Thread.sleep(50);
        }
    }

    @Test
    void aPublishedUdpPortIsReachedFromTheHost() throws Exception {
        Running a = start(PortPlan.publishing(List.of(new Published(5353, Protocol.UDP, V4_LOOPBACK, 0))),
                "sh", "-c", "nc -u -l -p 5353 > /tmp/got");
        int port = publishedPort(a);
        Path got = a.root().resolve("tmp/got");
        long deadline = System.nanoTime() + START.toNanos();
        try (DatagramSocket client = new DatagramSocket(0, V4_LOOPBACK)) {
            byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
            // Until nc has bound the port, the datagrams go to the place holding it.
            while (!(Files.exists(got) && Files.readString(got).contains("ping"))) {
                if (System.nanoTime() > deadline) throw new AssertionError("the datagram did not arrive");
                client.send(new DatagramPacket(ping, ping.length, V4_LOOPBACK, port));
                Thread.sleep(50);
            }
        }
    }

    private static Command.Result lamina(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(args);
        return Command.run(argv, Map.of(), null, 60);
    }

    /** A connect to the wildcard address (0.0.0.0, ::) reaches the machine itself, as Linux's: with a port space of
     * its own, the container's own port (apache's prefork wakes its children so; it was ECONNREFUSED). */
    @Test
    void aConnectToTheWildcardAddressReachesTheContainersOwnPort() {
        String serveAndFetch = "(nc -l -p %1$d < /etc/hostname &); for i in $(seq 50); do nc %2$s %1$d < /dev/null && break; sleep 0.1; done; ";
        Command.Result r = lamina(List.of("run", "-p", "127.0.0.1::8080", "--hostname", "wild", "--rootfs", root.toString(), "--", "sh", "-c",
                String.format(serveAndFetch, 8080, "0.0.0.0") + String.format(serveAndFetch, 8081, "::")));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("wild\nwild\n", r.stdout(), r.toString());
    }

    /** An IPv6-only socket at a port published on an IPv4 host address is bound as on a port not published
     * (guest/v6only_published.c): dnsmasq failed to start, "Invalid argument". */
    @Test
    void anIpv6OnlySocketSharesAPortPublishedOnIpv4() {
        Command.Result r = lamina(List.of("run", "-p", "127.0.0.1::53/udp", "-p", "127.0.0.1::53", "--rootfs", root.toString(), "--",
                "/usr/local/bin/v6only-published", "53"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("udp 0.0.0.0: bound\nudp [::] v6only: bound\ntcp 0.0.0.0: bound\ntcp [::] v6only: bound\n", r.stdout(), r.toString());
    }

    @Test
    void theGuestSeesItsOwnPortsInItsCallsAndInProcNet() {
        Command.Result r = lamina(List.of("run", "-p", "127.0.0.1::80", "--rootfs", root.toString(), "--", "/usr/local/bin/ports",
                "grep -i ':0050 00000000:0000 0A' /proc/net/tcp | cut -c7-36; grep -qi ':0*50' /proc/net/tcp* && echo found;"
                        + " netstat -tln | grep -E ':(80|8080) '"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                tcp 0.0.0.0:80
                tcp6 [::]:8080
                udp 0.0.0.0:53
                port 0 0.0.0.0:any
                implicit 0.0.0.0:any
                peer 127.0.0.1:80
                accepted 127.0.0.1:80
                server got ping
                peer6 127.0.0.1:8080
                udp got hello
                00000000:0050 00000000:0000 0A
                found
                tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN     \s
                tcp        1      0 :::8080                 :::*                    LISTEN     \s
                status 0
                """, r.stdout());
        assertTrue(r.stderr().matches("lamina: 80/tcp is published at host port \\d+\n"), r.stderr());
    }

    @Test
    void aHostileGuestCannotBindAHostPortOutsideItsPlan() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, V4_LOOPBACK)) {
            port = probe.getLocalPort();
        }
        List<String> guest = List.of("--rootfs", root.toString(), "--", "/usr/local/bin/port_escape", Integer.toString(port));
        List<String> planned = new ArrayList<>(List.of("run", "--compat", "-p", "127.0.0.1::80"));
        planned.addAll(guest);
        Command.Result held = lamina(planned);
        assertEquals(0, held.exitCode(), held.toString());
        assertEquals("bind tcp -1\nbind udp -1\nlisten -1\nport range -1\nrouting socket -1\nlibc bind 0.0.0.0:" + port + "\n", held.stdout());
        // On the host's network (no plan) the same calls take the port: the refusals are the plan's.
        List<String> host = new ArrayList<>(List.of("run", "--compat"));
        host.addAll(guest);
        Command.Result open = lamina(host);
        assertEquals("bind tcp ok\nbind udp ok\nlisten ok\nport range ok\nrouting socket ok\nlibc bind 0.0.0.0:" + port + "\n", open.stdout(),
                open.toString());
    }

    @Test
    void badPublishOptionsAreOneLineErrors() {
        for (String[] c : new String[][] {
                {"80-81:80-81", "lamina run: -p 80-81:80-81: port ranges are not supported"},
                {"8080:http", "lamina run: -p 8080:http: 'http' is not a container port"},
                {"1.2.3:80:80", "lamina run: -p 1.2.3:80:80: '1.2.3' is not an IP address"},
                {"80/sctp", "lamina run: -p 80/sctp: the protocol is tcp or udp"}}) {
            Command.Result r = lamina(List.of("run", "-p", c[0], "--rootfs", root.toString(), "--", "true"));
            assertEquals(125, r.exitCode(), r.toString());
            assertEquals(c[1] + "\n", r.stderr());
        }
        Command.Result twice = lamina(List.of("run", "-p", "8080:80", "-p", "8081:80", "--rootfs", root.toString(), "--", "true"));
        assertEquals("lamina run: guest port 80/tcp is published twice\n", twice.stderr());
    }
}
