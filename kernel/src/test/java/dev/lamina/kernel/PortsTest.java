package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.PortPlan.Published;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's own port space, driven as the init host drives it: the guest's
 * socket (here one of this JVM's) rides along with each OP_SOCKET request, the
 * kernel binds it at the host port the plan gives, and answers with the
 * guest's view. No root needed: ports the host picks, on loopback.
 */
class PortsTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2;

    @TempDir
    Path dir;
    private final List<TestContainer> containers = new ArrayList<>();
    private final List<Integer> sockets = new ArrayList<>();
    private final HostCalls h = new HostCalls();

    @AfterEach
    void close() {
        for (int fd : sockets) h.syscall(Sysno.CLOSE, fd);
        for (TestContainer c : containers) c.close();
        h.close();
    }

    private TestContainer container(String name, Published... published) throws IOException {
        TestContainer c = new TestContainer(Files.createDirectories(dir.resolve(name)), PortPlan.publishing(List.of(published)));
        containers.add(c);
        return c;
    }

    private int socket(int family, int type) {
        int fd = (int) h.syscall(Sysno.SOCKET, family, type | Flags.SOCK_CLOEXEC, 0);
        assertTrue(fd >= 0, "socket: " + fd);
        sockets.add(fd);
        return fd;
    }

    private int tcp(int family) { return socket(family, Flags.SOCK_STREAM); }

    private int udp(int family) { return socket(family, Flags.SOCK_DGRAM); }

    private void option(int fd, int level, int name, int value) {
        MemorySegment v = h.scratch(4);
        v.set(ValueLayout.JAVA_INT, 0, value);
        assertEquals(0, h.syscall(Sysno.SETSOCKOPT, fd, level, name, v.address(), 4));
        h.release();
    }

    // The requests, as ports.c sends them.

    private static long bind(TestContainer c, int fd, byte[] addr) {
        return c.channel.request(dev.lamina.kernel.channel.Protocol.OP_SOCKET,
                args(dev.lamina.kernel.channel.Protocol.SOCKET_BIND), new byte[][] {addr}, fd).ret();
    }

    private static long listen(TestContainer c, int fd) {
        return c.channel.request(dev.lamina.kernel.channel.Protocol.OP_SOCKET,
                args(dev.lamina.kernel.channel.Protocol.SOCKET_LISTEN, 16), new byte[0][], fd).ret();
    }

    private static String name(TestContainer c, int fd, int which) {
        ReceivedReply r = c.channel.request(dev.lamina.kernel.channel.Protocol.OP_SOCKET, args(which), new byte[0][], fd);
        assertEquals(0, r.ret(), "name");
        return text(r.item(0));
    }

    private static String name(TestContainer c, int fd) { return name(c, fd, dev.lamina.kernel.channel.Protocol.SOCKET_NAME); }

    private static String peer(TestContainer c, int fd) { return name(c, fd, dev.lamina.kernel.channel.Protocol.SOCKET_PEER); }

    /** Where a connect to addr leads, or null: where it says. */
    private static String destination(TestContainer c, int fd, byte[] addr) {
        ReceivedReply r = c.channel.request(dev.lamina.kernel.channel.Protocol.OP_SOCKET,
                args(dev.lamina.kernel.channel.Protocol.SOCKET_DESTINATION), new byte[][] {addr}, fd);
        assertEquals(0, r.ret(), "destination");
        return r.items().isEmpty() ? null : text(r.item(0));
    }

    // Socket addresses.

    private static byte[] v4(String ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(Layouts.SOCKADDR_IN_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) Flags.AF_INET).order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
        b.put(Layouts.SOCKADDR_IN_ADDR, InetAddress.ofLiteral(ip).getAddress());
        return b.array();
    }

    private static byte[] v6(String ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(Layouts.SOCKADDR_IN6_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) Flags.AF_INET6).order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port);
        byte[] a = ip.startsWith("::ffff:") ? mapped(ip.substring(7)) : InetAddress.ofLiteral(ip).getAddress();
        b.put(Layouts.SOCKADDR_IN6_ADDR, a);
        return b.array();
    }

    private static byte[] mapped(String v4) {
        byte[] a = new byte[16];
        a[10] = a[11] = (byte) 0xff;
        System.arraycopy(InetAddress.ofLiteral(v4).getAddress(), 0, a, 12, 4);
        return a;
    }

    /** ADDR:PORT, IPv6 in brackets, a v4-mapped address as ::ffff:a.b.c.d (Java would make it IPv4). */
    private static String text(byte[] sa) {
        ByteBuffer b = ByteBuffer.wrap(sa).order(ByteOrder.BIG_ENDIAN);
        int port = Short.toUnsignedInt(b.getShort(2));
        try {
            if (Short.toUnsignedInt(b.order(ByteOrder.LITTLE_ENDIAN).getShort(0)) == Flags.AF_INET)
                return InetAddress.getByAddress(Arrays.copyOfRange(sa, 4, 8)).getHostAddress() + ":" + port;
            byte[] a = Arrays.copyOfRange(sa, 8, 24);
            if (Arrays.equals(Arrays.copyOf(a, 12), Arrays.copyOf(mapped("0.0.0.0"), 12)))
                return "[::ffff:" + InetAddress.getByAddress(Arrays.copyOfRange(a, 12, 16)).getHostAddress() + "]:" + port;
            return "[" + InetAddress.getByAddress(a).getHostAddress().replaceAll("(^|:)0(:0)+(:|$)", "::") + "]:" + port;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Where the socket is bound on the host. */
    private String hostName(int fd) {
        MemorySegment a = h.scratch(Layouts.SOCKADDR_MAX + 4);
        a.set(ValueLayout.JAVA_INT, Layouts.SOCKADDR_MAX, Layouts.SOCKADDR_MAX);
        assertEquals(0, h.syscall(Sysno.GETSOCKNAME, fd, a.address(), a.address() + Layouts.SOCKADDR_MAX));
        String s = text(a.asSlice(0, a.get(ValueLayout.JAVA_INT, Layouts.SOCKADDR_MAX)).toArray(ValueLayout.JAVA_BYTE));
        h.release();
        return s;
    }

    private static int port(String addr) { return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)); }

    private static boolean connects(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.ofLiteral(host), port));
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A container of the test on {@code fabric}, with these addresses on networks ("network:address"). */
    private TestContainer member(Fabric fabric, String name, String... addresses) throws IOException {
        List<Fabric.Address> list = new ArrayList<>();
        for (String a : addresses) {
            String[] p = a.split(":");
            java.net.Inet4Address ip = (java.net.Inet4Address) InetAddress.ofLiteral(p[1]);
            byte[] g = ip.getAddress();
            g[3] = 1;
            list.add(new Fabric.Address(p[0], ip, 24, (java.net.Inet4Address) InetAddress.getByAddress(g)));
        }
        fabric.addresses(name, list);
        TestContainer c = new TestContainer(Files.createDirectories(dir.resolve(name)), PortPlan.publishing(List.of()).on(fabric, name));
        containers.add(c);
        return c;
    }

    private static long destinationError(TestContainer c, int fd, byte[] addr) {
        return c.channel.request(dev.lamina.kernel.channel.Protocol.OP_SOCKET,
                args(dev.lamina.kernel.channel.Protocol.SOCKET_DESTINATION), new byte[][] {addr}, fd).ret();
    }

    @Test
    void containersOnANetworkReachEachOthersGuestPortsAndSeeEachOthersAddresses() throws IOException {
        Fabric fabric = new Fabric();
        TestContainer a = member(fabric, "a", "n:10.5.0.2"), b = member(fabric, "b", "n:10.5.0.3"),
                c = member(fabric, "c", "m:10.6.0.2"), none = member(fabric, "none");
        int server = tcp(Flags.AF_INET6), client = tcp(Flags.AF_INET);
        assertEquals(0, bind(b, server, v6("::", 80)));
        assertEquals(0, listen(b, server));
        String to = destination(a, client, v4("10.5.0.3", 80));
        assertEquals(port(hostName(server)), port(to), to);
        MemorySegment sa = h.scratch(Layouts.SOCKADDR_IN_SIZE);
        byte[] there = v4(to.substring(0, to.lastIndexOf(':')), port(to));
        MemorySegment.copy(there, 0, sa, ValueLayout.JAVA_BYTE, 0, there.length);
        assertEquals(0, h.syscall(Sysno.CONNECT, client, sa.address(), there.length));
        h.release();
        // The client shows its own address on the network; the server the client's, and its own.
        String mine = name(a, client);
        assertTrue(mine.startsWith("10.5.0.2:"), mine);
        int accepted = (int) h.syscall(Sysno.ACCEPT4, server, 0, 0, Flags.SOCK_CLOEXEC);
        assertTrue(accepted >= 0, "accept: " + accepted);
        sockets.add(accepted);
        assertEquals("[::ffff:10.5.0.2]:" + port(mine), peer(b, accepted));
        assertEquals("[::ffff:10.5.0.3]:80", name(b, accepted));
        // Not listening there; another network's address; no network at all; off the networks; the gateway.
        assertEquals(-Errno.ECONNREFUSED, destinationError(a, tcp(Flags.AF_INET), v4("10.5.0.3", 81)));
        assertEquals(-Errno.EHOSTUNREACH, destinationError(c, tcp(Flags.AF_INET), v4("10.5.0.3", 80)));
        assertEquals(-Errno.EHOSTUNREACH, destinationError(a, tcp(Flags.AF_INET), v4("10.5.0.9", 80)));
        assertEquals(-Errno.ENETUNREACH, destinationError(none, tcp(Flags.AF_INET), v4("10.5.0.3", 80)));
        assertNull(destination(a, tcp(Flags.AF_INET), v4("192.0.2.1", 80)));
        assertEquals("127.0.0.1:5000", destination(a, tcp(Flags.AF_INET), v4("10.5.0.1", 5000)));
        assertEquals("127.0.0.1:5000", destination(c, tcp(Flags.AF_INET), v4("10.5.0.1", 5000)));
        // Its loopback is its own: a TCP port none of its sockets holds is refused there, not a host service's,
        // its own port leads to its socket, and a datagram leaves by the host's loopback.
        assertEquals(-Errno.ECONNREFUSED, destinationError(a, tcp(Flags.AF_INET), v4("127.0.0.1", 5000)));
        assertEquals(-Errno.ECONNREFUSED, destinationError(a, tcp(Flags.AF_INET6), v6("::1", 5000)));
        assertEquals(port(hostName(server)), port(destination(b, tcp(Flags.AF_INET), v4("127.0.0.1", 80))));
        assertNull(destination(a, udp(Flags.AF_INET), v4("127.0.0.1", 5000)));
        // A container that stopped is unreachable.
        b.close();
        assertEquals(-Errno.EHOSTUNREACH, destinationError(a, tcp(Flags.AF_INET), v4("10.5.0.3", 80)));
    }

    /** A received address (recvfrom's, accept's) as the guest sees it. */
    private static String source(TestContainer c, int fd, byte[] addr) {
        ReceivedReply r = c.channel.request(dev.lamina.kernel.channel.Protocol.OP_SOCKET,
                args(dev.lamina.kernel.channel.Protocol.SOCKET_SOURCE), new byte[][] {addr}, fd);
        assertEquals(0, r.ret(), "source");
        return text(r.item(0));
    }

    @Test
    void theEmbeddedDnsAddressLeadsToTheContainersNameServerWhoseAnswersComeFromIt() throws IOException {
        Fabric fabric = new Fabric();
        TestContainer a = member(fabric, "a", "n:10.5.0.2"), plain = member(fabric, "plain", "n:10.5.0.3");
        fabric.nameServer("a", new Fabric.NameServer(5301, 5302));
        assertEquals("127.0.0.1:5301", destination(a, udp(Flags.AF_INET), v4("127.0.0.11", 53)));
        assertEquals("127.0.0.1:5302", destination(a, tcp(Flags.AF_INET), v4("127.0.0.11", 53)));
        assertEquals("[::ffff:127.0.0.1]:5301", destination(a, udp(Flags.AF_INET6), v6("::ffff:127.0.0.11", 53)));
        // musl takes an answer only from the address it asked: the name server's shows as 127.0.0.11:53.
        assertEquals("127.0.0.11:53", source(a, udp(Flags.AF_INET), v4("127.0.0.1", 5301)));
        assertEquals("127.0.0.1:5302", source(a, udp(Flags.AF_INET), v4("127.0.0.1", 5302)));
        // Another port there, or a container without a name server (the default bridge's, or stopped): loopback.
        assertNull(destination(a, udp(Flags.AF_INET), v4("127.0.0.11", 54)));
        assertNull(destination(plain, udp(Flags.AF_INET), v4("127.0.0.11", 53)));
        fabric.nameServer("a", null);
        assertNull(destination(a, udp(Flags.AF_INET), v4("127.0.0.11", 53)));
        assertEquals("127.0.0.1:5301", source(a, udp(Flags.AF_INET), v4("127.0.0.1", 5301)));
    }

    @Test
    void twoContainersEachHaveTheirGuestPort80() throws IOException {
        TestContainer a = container("a"), b = container("b");
        int sa = tcp(Flags.AF_INET), sb = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, sa, v4("0.0.0.0", 80)));
        assertEquals(0, bind(b, sb, v4("0.0.0.0", 80)));
        assertEquals("0.0.0.0:80", name(a, sa));
        assertEquals("0.0.0.0:80", name(b, sb));
        String ha = hostName(sa), hb = hostName(sb);
        assertTrue(ha.startsWith("127.0.0.1:") && hb.startsWith("127.0.0.1:"), ha + " " + hb);
        assertNotEquals(ha, hb);
        assertTrue(port(ha) >= 1024 && port(hb) >= 1024, "ports the host picks: " + ha + " " + hb);
    }

    @Test
    void anUnpublishedPortListensOnLoopbackOnlyAndTheContainerReachesItThere() throws IOException {
        TestContainer a = container("a");
        int s = tcp(Flags.AF_INET), client = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, s, v4("0.0.0.0", 80)));
        assertEquals(0, listen(a, s));
        int port = port(hostName(s));
        assertEquals("127.0.0.1:" + port, hostName(s));
        try (Socket direct = new Socket(LOOPBACK, port)) {
            int accepted = (int) h.syscall(Sysno.ACCEPT4, s, 0, 0, Flags.SOCK_CLOEXEC);
            sockets.add(accepted);
            assertEquals("127.0.0.1:80", name(a, accepted), "an accepted connection shows its listener's guest port");
            assertEquals("127.0.0.1:" + direct.getLocalPort(), peer(a, accepted));
        }
        assertTrue(connects("127.0.0.1", port));
        assertTrue(!connects("127.0.0.2", port), "reached on another address than 127.0.0.1");
        // The container itself connects to its port 80 on loopback, and its peer name shows port 80.
        assertEquals("127.0.0.1:" + port, destination(a, client, v4("127.0.0.1", 80)));
        assertNull(destination(a, client, v4("127.0.0.1", 81)), "another loopback port leads where it says");
        assertEquals("127.0.0.1:" + port, destination(a, client, v4("127.0.0.2", 80)), "the guest bound every address");
        int specific = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, specific, v4("127.0.0.3", 90)));
        assertEquals("127.0.0.3:" + port(hostName(specific)), hostName(specific));
        assertNull(destination(a, client, v4("127.0.0.2", 90)), "127.0.0.2 is not the address the guest bound");
    }

    @Test
    void aPublishedPortIsHeldFromTheStartAndReachedFromTheHost() throws IOException {
        TestContainer a = container("a", new Published(80, Protocol.TCP, LOOPBACK, 0));
        List<PortPlan.HostPort> ports = a.kernel.publishedPorts();
        assertEquals(1, ports.size());
        int port = ports.getFirst().port();
        assertTrue(port > 0);
        assertThrows(IOException.class, () -> new ServerSocket(port, 1, LOOPBACK).close(), "the port is held");
        assertTrue(!connects("127.0.0.1", port), "nothing listens yet");
        int s = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, s, v4("0.0.0.0", 80)));
        assertEquals(0, listen(a, s));
        assertEquals("127.0.0.1:" + port, hostName(s));
        assertEquals("0.0.0.0:80", name(a, s));
        try (Socket client = new Socket(LOOPBACK, port)) {
            int accepted = (int) h.syscall(Sysno.ACCEPT4, s, 0, 0, Flags.SOCK_CLOEXEC);
            sockets.add(accepted);
            MemorySegment hi = h.scratch(2);
            hi.setString(0, "hi", StandardCharsets.US_ASCII);
            assertEquals(2, h.syscall(Sysno.WRITE, accepted, hi.address(), 2));
            h.release();
            InputStream in = client.getInputStream();
            assertEquals("hi", new String(in.readNBytes(2), StandardCharsets.US_ASCII));
        }
    }

    /** A mapping with no host address holds its port on IPv6's every address too (listed by Docker as "::"); one with an address does not. */
    @Test
    void aMappingOnEveryAddressSaysItHoldsIpv6Too() throws IOException {
        TestContainer a = container("a", new Published(80, Protocol.TCP, null, 0), new Published(81, Protocol.TCP, LOOPBACK, 0));
        List<PortPlan.HostPort> ports = a.kernel.publishedPorts();
        assertEquals(List.of(true, false), ports.stream().map(PortPlan.HostPort::anyIpv6).toList());
        int s = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, s, v4("0.0.0.0", 80)));
        assertTrue(a.kernel.publishedPorts().getFirst().anyIpv6(), "still, once the guest binds IPv4's half of it");
    }

    @Test
    void aGuestBindingItsPublishedPortOnLoopbackKeepsItToItself() throws IOException {
        TestContainer a = container("a", new Published(80, Protocol.TCP, LOOPBACK, 0));
        int port = a.kernel.publishedPorts().getFirst().port();
        int local = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, local, v4("127.0.0.1", 80)));
        assertEquals("127.0.0.1:80", name(a, local));
        assertNotEquals(port, port(hostName(local)), "as in Docker, the published port leads to the container's interface only");
    }

    /**
     * Two containers never hold one host port, even before the first one's guest binds it
     * (the placeholders share ports with sockets of the same host user); let go at the end.
     */
    @Test
    void aPortAnotherContainerHoldsFailsTheStart() throws IOException {
        TestContainer a = container("a", new Published(80, Protocol.TCP, null, 0));
        int port = a.kernel.publishedPorts().getFirst().port();
        PortUnavailableException e = assertThrows(PortUnavailableException.class,
                () -> container("b", new Published(81, Protocol.TCP, LOOPBACK, port)));
        assertEquals("cannot publish 81/tcp at 127.0.0.1:" + port + ": the port is in use", e.getMessage());
        TestContainer udp = container("c", new Published(81, Protocol.UDP, LOOPBACK, port)); // another protocol's
        udp.close();
        a.close();
        TestContainer b = container("b", new Published(81, Protocol.TCP, LOOPBACK, port));
        assertEquals(port, b.kernel.publishedPorts().getFirst().port());
    }

    @Test
    void aTakenPortFailsTheStartAndHoldsNothing() throws IOException {
        int free;
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) { // while taken is held: never its port
                free = probe.getLocalPort();
            }
            PortUnavailableException e = assertThrows(PortUnavailableException.class, () -> container("a",
                    new Published(81, Protocol.TCP, LOOPBACK, free), new Published(80, Protocol.TCP, LOOPBACK, taken.getLocalPort())));
            assertEquals("cannot publish 80/tcp at 127.0.0.1:" + taken.getLocalPort() + ": the port is in use", e.getMessage());
        }
        new ServerSocket(free, 1, LOOPBACK).close(); // the first mapping's port was let go
    }

    /**
     * A published port passes from its placeholder to the guest's socket with no moment
     * free between: a program trying all along to bind it (as a connection given it by
     * the host would take it) never gets it, and the guest's bind never fails. Each
     * round is a container with a host-picked port and one bind; the other program binds
     * in a loop meanwhile.
     */
    @Test
    void aPublishedPortIsNeverFreeWhileTheGuestTakesItOver() throws Exception {
        for (int round = 0; round < 20; round++) {
            TestContainer a = container("r" + round, new Published(80, Protocol.TCP, LOOPBACK, 0));
            int port = a.kernel.publishedPorts().getFirst().port();
            int guest = tcp(Flags.AF_INET);
            java.util.concurrent.atomic.AtomicBoolean bound = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.CountDownLatch trying = new java.util.concurrent.CountDownLatch(1);
            Thread other = Thread.ofPlatform().start(() -> {
                try (HostCalls oh = new HostCalls()) {
                    byte[] at = v4("127.0.0.1", port);
                    MemorySegment m = oh.scratch(at.length);
                    MemorySegment.copy(at, 0, m, ValueLayout.JAVA_BYTE, 0, at.length);
                    for (int tries = 0; tries < 200_000 && !bound.get() && !taken.get(); tries++) {
                        long fd = oh.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
                        if (oh.syscall(Sysno.BIND, fd, m.address(), at.length) == 0) taken.set(true);
                        oh.syscall(Sysno.CLOSE, fd);
                        trying.countDown();
                    }
                }
            });
            trying.await();
            long r = bind(a, guest, v4("0.0.0.0", 80));
            bound.set(true);
            other.join();
            assertEquals(0, r, "round " + round + ": the guest's bind");
            assertFalse(taken.get(), "round " + round + ": another program had the port");
            assertEquals(port, port(hostName(guest)));
            h.syscall(Sysno.CLOSE, guest);
            sockets.remove((Integer) guest);
            containers.remove(a);
            a.close();
        }
    }

    @Test
    void theSameGuestPortTwiceIsInUseUntilTheFirstSocketCloses() throws IOException {
        TestContainer a = container("a");
        int first = tcp(Flags.AF_INET), second = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, first, v4("0.0.0.0", 8080)));
        assertEquals(-Errno.EADDRINUSE, bind(a, second, v4("0.0.0.0", 8080)));
        h.syscall(Sysno.CLOSE, first);
        sockets.remove((Integer) first);
        int third = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, third, v4("0.0.0.0", 8080)));
        // With SO_REUSEADDR on both, UDP sockets share a port, as on Linux.
        int u1 = udp(Flags.AF_INET), u2 = udp(Flags.AF_INET);
        option(u1, SOL_SOCKET, SO_REUSEADDR, 1);
        option(u2, SOL_SOCKET, SO_REUSEADDR, 1);
        assertEquals(0, bind(a, u1, v4("0.0.0.0", 5353)));
        assertEquals(0, bind(a, u2, v4("0.0.0.0", 5353)));
        assertEquals(hostName(u1), hostName(u2));
    }

    @Test
    void udpPublishedUnpublishedAndEphemeral() throws IOException {
        TestContainer a = container("a", new Published(53, Protocol.UDP, LOOPBACK, 0));
        int port = a.kernel.publishedPorts().getFirst().port();
        int s = udp(Flags.AF_INET);
        assertEquals(0, bind(a, s, v4("0.0.0.0", 53)));
        assertEquals("127.0.0.1:" + port, hostName(s));
        assertEquals("0.0.0.0:53", name(a, s));
        try (DatagramSocket client = new DatagramSocket(0, LOOPBACK)) {
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(ping, ping.length, LOOPBACK, port));
            MemorySegment buf = h.scratch(16);
            assertEquals(4, h.syscall(Sysno.RECVFROM, s, buf.address(), 16, 0, 0, 0));
            assertEquals("ping", buf.getString(0, StandardCharsets.US_ASCII).substring(0, 4));
            h.release();
        }
        int other = udp(Flags.AF_INET), sender = udp(Flags.AF_INET);
        assertEquals(0, bind(a, other, v4("0.0.0.0", 5353)));
        int hostPort = port(hostName(other));
        assertEquals("127.0.0.1:" + hostPort, hostName(other));
        assertEquals("127.0.0.1:" + hostPort, destination(a, sender, v4("127.0.0.1", 5353)));
        // Port 0: bound as asked, at the port the host picks (a resolver's socket reaches any server).
        int resolver = udp(Flags.AF_INET);
        assertEquals(0, bind(a, resolver, v4("0.0.0.0", 0)));
        String at = hostName(resolver);
        assertTrue(at.startsWith("0.0.0.0:") && port(at) != 0, at);
        assertEquals(at, name(a, resolver));
    }

    @Test
    void ipv6SocketsDualStackAndIpv6Only() throws IOException {
        TestContainer a = container("a", new Published(80, Protocol.TCP, null, 0));
        int port = a.kernel.publishedPorts().getFirst().port();
        int s = tcp(Flags.AF_INET6);
        assertEquals(0, bind(a, s, v6("::", 80)));
        assertEquals(0, listen(a, s));
        assertEquals("[::]:" + port, hostName(s));
        assertEquals("[::]:80", name(a, s));
        assertTrue(connects("127.0.0.1", port) && connects("::1", port), "published on every interface, both families");
        // Unpublished: a dual-stack socket on 127.0.0.1 (v4-mapped), an IPv6-only one on ::1.
        int dual = tcp(Flags.AF_INET6), only = tcp(Flags.AF_INET6), client = tcp(Flags.AF_INET6);
        assertEquals(0, bind(a, dual, v6("::", 81)));
        int dualPort = port(hostName(dual));
        assertEquals("[::ffff:127.0.0.1]:" + dualPort, hostName(dual));
        option(only, Flags.IPPROTO_IPV6, Flags.IPV6_V6ONLY, 1);
        assertEquals(0, bind(a, only, v6("::", 82)));
        assertEquals("[::1]:" + port(hostName(only)), hostName(only));
        assertEquals("[::]:82", name(a, only));
        // The container reaches its dual-stack port 81 from either family, its IPv6-only 82 on ::1 only.
        assertEquals("[::ffff:127.0.0.1]:" + dualPort, destination(a, client, v6("::1", 81)));
        assertEquals("127.0.0.1:" + dualPort, destination(a, tcp(Flags.AF_INET), v4("127.0.0.1", 81)));
        assertNull(destination(a, tcp(Flags.AF_INET), v4("127.0.0.1", 82)));
    }

    @Test
    void port0IsBoundWhenTheGuestListensOrAsksForItsPortAndAConnectBindsItAsLinuxWould() throws IOException {
        TestContainer a = container("a");
        int server = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, server, v4("0.0.0.0", 0)));
        assertEquals("0.0.0.0:0", hostName(server), "not bound yet");
        assertEquals(-Errno.EINVAL, bind(a, server, v4("0.0.0.0", 0)), "bound already, for the guest");
        String guest = name(a, server);
        int port = port(guest);
        assertEquals("0.0.0.0:" + port, guest);
        assertEquals("127.0.0.1:" + port, hostName(server));

        int implicit = tcp(Flags.AF_INET);
        assertEquals(0, listen(a, implicit));
        int p = port(hostName(implicit));
        assertEquals("127.0.0.1:" + p, hostName(implicit), "Linux would listen on every interface");
        assertEquals("0.0.0.0:" + p, name(a, implicit));

        int client = tcp(Flags.AF_INET);
        assertEquals(0, bind(a, client, v4("0.0.0.0", 0)));
        try (ServerSocket hostService = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.2"))) {
            assertNull(destination(a, client, v4("127.0.0.2", hostService.getLocalPort())));
            byte[] to = v4("127.0.0.2", hostService.getLocalPort());
            MemorySegment m = h.scratch(to.length);
            MemorySegment.copy(to, 0, m, ValueLayout.JAVA_BYTE, 0, to.length);
            assertEquals(0, h.syscall(Sysno.CONNECT, client, m.address(), to.length));
            h.release();
        }
    }

    @Test
    void procNetTcpShowsTheGuestsPorts() throws IOException {
        TestContainer a = container("a", new Published(80, Protocol.TCP, LOOPBACK, 0));
        int port = a.kernel.publishedPorts().getFirst().port();
        int s = tcp(Flags.AF_INET), other = tcp(Flags.AF_INET), six = tcp(Flags.AF_INET6);
        assertEquals(0, bind(a, s, v4("0.0.0.0", 80)));
        assertEquals(0, listen(a, s));
        assertEquals(0, bind(a, other, v4("0.0.0.0", 8080)));
        assertEquals(0, listen(a, other));
        assertEquals(0, bind(a, six, v6("::", 443)));
        assertEquals(0, listen(a, six));
        String tcp = a.content("/proc/net/tcp");
        assertTrue(tcp.startsWith("  sl  local_address rem_address   st"), tcp);
        assertTrue(tcp.contains(": 00000000:0050 00000000:0000 0A "), tcp);
        assertTrue(tcp.contains(": 00000000:1F90 00000000:0000 0A "), tcp);
        assertTrue(!tcp.contains(String.format(":%04X ", port)), "the host port shows: " + tcp);
        // The dual-stack socket's host side is v4-mapped: an IPv6 socket, listed in tcp6 with its guest address.
        String tcp6 = a.content("/proc/net/tcp6");
        assertTrue(tcp6.contains(": 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 0A "), tcp6);
    }

    @Test
    void forgedRequestsBindNoHostPath() throws IOException {
        TestContainer a = container("a");
        int unix = socket(Flags.AF_UNIX, Flags.SOCK_STREAM);
        byte[] path = new byte[Layouts.SOCKADDR_UN_SIZE];
        path[0] = (byte) Flags.AF_UNIX;
        byte[] name = dir.resolve("forged.sock").toString().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, path, Layouts.SUN_PATH, name.length);
        assertEquals(-Errno.EACCES, bind(a, unix, path));
        assertTrue(!Files.exists(dir.resolve("forged.sock")));
        byte[] abstractName = {(byte) Flags.AF_UNIX, 0, 0, 'x', 'y'};
        assertEquals(0, bind(a, unix, abstractName), "an abstract name is no path");
        int file = (int) h.syscall(Sysno.OPEN, h.cstring("/dev/null").address(), Flags.O_RDONLY | Flags.O_CLOEXEC);
        sockets.add(file);
        assertEquals(-Errno.ENOTSOCK, bind(a, file, v4("0.0.0.0", 80)));
    }
}
