package dev.lamina.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.PortPlan.Published;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Spawner;
import java.net.InetAddress;
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
}
