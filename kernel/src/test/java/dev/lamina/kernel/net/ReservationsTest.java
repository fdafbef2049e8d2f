package dev.lamina.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.PortPlan.Published;
import dev.lamina.kernel.PortUnavailableException;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Spawner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A published port's placeholders, held from the container's start until its guest binds the port. */
class ReservationsTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    /** Init hosts spawned while the guest binds and listens, again and again (at most MAX_ROUNDS times). */
    private static final int SPAWNS = 400, MAX_ROUNDS = 1_000_000, SO_REUSEADDR = 2;

    /**
     * Once the guest's bind returns, the placeholders no longer hold the port, so its
     * listen succeeds, however busy the kernel is starting init hosts: a child of
     * posix_spawn holds a copy of every descriptor until it execs, and a placeholder
     * closed meanwhile would live on there, refusing the listen (EADDRINUSE, as busybox
     * nc once met under Testcontainers, whose wait execs into the starting container).
     */
    @Test
    void theGuestListensAtOnceWhileInitHostsAreSpawned() throws InterruptedException {
        Published http = new Published(80, Protocol.TCP, LOOPBACK, 0);
        PortPlan plan = PortPlan.publishing(List.of(http));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger spawned = new AtomicInteger();
        Thread spawner = Thread.ofPlatform().start(() -> {
            try (HostCalls h = new HostCalls()) {
                int devNull = (int) h.syscall(Sysno.OPENAT, Flags.AT_FDCWD, h.cstring("/dev/null").address(), Flags.O_RDWR | Flags.O_CLOEXEC);
                h.release();
                while (!done.get() && spawned.get() < SPAWNS) {
                    int pid = Spawner.spawn("/bin/true", List.of("true"), devNull, new int[] {devNull, devNull, devNull});
                    h.syscall(Sysno.WAIT4, pid, 0, 0, 0);
                    spawned.incrementAndGet();
                }
                h.syscall(Sysno.CLOSE, devNull);
            }
        });
        int refused = 0, rounds = 0;
        try (HostCalls h = new HostCalls()) {
            for (; spawned.get() < SPAWNS && rounds < MAX_ROUNDS; rounds++) {
                Reservations reserved = new Reservations(h, plan);
                int fd = (int) h.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
                try {
                    GuestSocket.setOption(h, fd, Flags.SOL_SOCKET, SO_REUSEADDR, 1); // as busybox nc does
                    int port = reserved.port(http);
                    assertEquals(0, reserved.bind(h, http, GuestSocket.of(h, fd), SockAddr.of(LOOPBACK, Flags.AF_INET).withPort(port)));
                    if (h.syscall(Sysno.LISTEN, fd, 16) != 0) refused++;
                } finally {
                    h.syscall(Sysno.CLOSE, fd);
                    reserved.close(h);
                }
            }
        } finally {
            done.set(true);
            spawner.join();
        }
        assertEquals(SPAWNS, spawned.get(), "init hosts spawned meanwhile");
        assertEquals(0, refused, "listens refused in " + rounds + " rounds");
    }

    /**
     * Between the guest's bind of a published port and its listen, a host socket with
     * SO_REUSEADDR (of any user: Linux does not compare them for it) cannot bind beside it
     * and listen first, taking the port's connections; the guest's listen then succeeds.
     * The guest asked for SO_REUSEADDR, as nearly every server does.
     */
    @Test
    void noHostSocketTakesAPublishedPortBeforeTheGuestListens() throws IOException {
        Published http = new Published(80, Protocol.TCP, LOOPBACK, 0);
        try (HostCalls h = new HostCalls()) {
            Reservations reserved = new Reservations(h, PortPlan.publishing(List.of(http)));
            int fd = (int) h.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
            try {
                GuestSocket guest = GuestSocket.of(h, fd);
                GuestSocket.setOption(h, fd, Flags.SOL_SOCKET, SO_REUSEADDR, 1);
                int port = reserved.port(http);
                assertEquals(0, reserved.bind(h, http, guest, SockAddr.of(LOOPBACK, Flags.AF_INET).withPort(port)));
                assertThrows(java.net.BindException.class, () -> {
                    try (ServerSocket other = new ServerSocket()) {
                        other.setReuseAddress(true);
                        other.bind(new InetSocketAddress(LOOPBACK, port), 1);
                    }
                }, "a host socket bound and listened at the published port before the guest listened");
                assertEquals(0, Reservations.listen(h, guest, 16), "the guest's listen");
            } finally {
                h.syscall(Sysno.CLOSE, fd);
                reserved.close(h);
            }
        }
    }

    /**
     * A host socket bound with SO_REUSEADDR and not listening holds the port as far as a
     * plain bind is concerned: publishing it fails at the start, as Docker's does, instead
     * of taking it beside that socket (which would then listen and get the connections).
     */
    @Test
    void aPortAHostSocketHoldsBoundIsNotPublished() throws IOException {
        try (SocketChannel holder = SocketChannel.open()) {
            holder.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            holder.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = ((InetSocketAddress) holder.getLocalAddress()).getPort();
            Published http = new Published(80, Protocol.TCP, LOOPBACK, port);
            try (HostCalls h = new HostCalls()) {
                PortUnavailableException e = assertThrows(PortUnavailableException.class,
                        () -> new Reservations(h, PortPlan.publishing(List.of(http))).close(h));
                assertEquals("cannot publish 80/tcp at 127.0.0.1:" + port + ": the port is in use", e.getMessage());
            }
        }
    }

    /**
     * A socket of the JVM's own user with SO_REUSEPORT (what a container on the host's network binds: every
     * container's guests are that user) can share neither a reserved port nor, once the guest has bound it,
     * the guest's, so it cannot listen there first and take the connections. Only as root: the placeholders
     * are given a uid no process has, which takes CAP_CHOWN.
     */
    @Test
    void aSocketOfTheSameHostUserCannotShareAPublishedPort() throws IOException {
        Published http = new Published(80, Protocol.TCP, LOOPBACK, 0);
        try (HostCalls h = new HostCalls()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(h.syscall(Sysno.GETEUID, 0) == 0, "needs root");
            Reservations reserved = new Reservations(h, PortPlan.publishing(List.of(http)));
            int fd = (int) h.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
            try {
                int port = reserved.port(http);
                assertEquals(-98, sharing(h, port), "a same-user SO_REUSEPORT bind beside the placeholder");
                GuestSocket guest = GuestSocket.of(h, fd);
                assertEquals(0, reserved.bind(h, http, guest, SockAddr.of(LOOPBACK, Flags.AF_INET).withPort(port)));
                assertEquals(-98, sharing(h, port), "a same-user SO_REUSEPORT bind beside the guest");
                assertEquals(0, Reservations.listen(h, guest, 16), "the guest's listen");
                assertEquals(0, Reservations.ownerOf(h, fd), "the guest's socket is its own user's again");
            } finally {
                h.syscall(Sysno.CLOSE, fd);
                reserved.close(h);
            }
        }
    }

    /** A bind of a fresh socket with SO_REUSEPORT at 127.0.0.1:port: 0 or -errno. */
    private static long sharing(HostCalls h, int port) {
        int fd = (int) h.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
        try {
            GuestSocket.setOption(h, fd, Flags.SOL_SOCKET, Flags.SO_REUSEPORT, 1);
            byte[] b = SockAddr.of(LOOPBACK, Flags.AF_INET).withPort(port).encode();
            java.lang.foreign.MemorySegment m = h.scratch(b.length);
            java.lang.foreign.MemorySegment.copy(b, 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b.length);
            return h.syscall(Sysno.BIND, fd, m.address(), b.length);
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
    }

    /** A published port whose connections of the run before are in TIME_WAIT (the server closed first) is published again at once. */
    @Test
    void aServedPortIsPublishedAgainOverItsTimeWait() throws IOException {
        Published http = new Published(80, Protocol.TCP, LOOPBACK, 0);
        int port;
        try (HostCalls h = new HostCalls()) {
            Reservations first = new Reservations(h, PortPlan.publishing(List.of(http)));
            port = first.port(http);
            serveOnce(h, first, http, port);
            first.close(h);
            Published again = new Published(80, Protocol.TCP, LOOPBACK, port);
            Reservations second = new Reservations(h, PortPlan.publishing(List.of(again)));
            try {
                assertTrue(HostConnections.onPort(port), "no TIME_WAIT left to publish over");
                serveOnce(h, second, again, port);
            } finally {
                second.close(h);
            }
        }
    }

    /** A guest socket binds the published port, listens, and closes one connection first. */
    private static void serveOnce(HostCalls h, Reservations reserved, Published p, int port) throws IOException {
        int fd = (int) h.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
        try {
            GuestSocket guest = GuestSocket.of(h, fd);
            assertEquals(0, reserved.bind(h, p, guest, SockAddr.of(LOOPBACK, Flags.AF_INET).withPort(port)));
            assertEquals(0, Reservations.listen(h, guest, 16), "listen at " + port);
            try (Socket client = new Socket(LOOPBACK, port)) {
                long conn = h.syscall(Sysno.ACCEPT4, fd, 0, 0, Flags.SOCK_CLOEXEC);
                assertTrue(conn >= 0, "accept: " + conn);
                h.syscall(Sysno.CLOSE, conn); // the server's side closes first: its end goes to TIME_WAIT
                assertEquals(-1, client.getInputStream().read());
            }
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
    }
}
