package dev.lamina.kernel.net;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One container's client sockets, made ahead of need: IPv4 stream sockets bound at the container's
 * loopback address with no port yet (IP_BIND_ADDRESS_NO_PORT: the connect takes one), as the kernel
 * binds a guest's socket that connects to another container. An init host swaps a guest's socket for
 * one before such a connect (lkl-linux/src/tcp_connect.c) and gets them with a connect's round trip;
 * making one costs about as much as the connect itself, so they are made on a thread of their own
 * while the guests run, not in that round trip.
 */
final class ClientSockets {
    /** As many as one reply carries: an init host asks for up to that many at once. */
    private static final int STOCK = Protocol.REPLY_FDS_MAX;
    /** One thread for every container's, with its own host calls. */
    private static final ExecutorService MAKER =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("lamina-client-sockets").factory());
    private static final ThreadLocal<HostCalls> MAKER_HOST = ThreadLocal.withInitial(HostCalls::new);

    private final int alias;
    private final ArrayDeque<Integer> ready = new ArrayDeque<>();
    private boolean making, closed;

    ClientSockets(int alias) { this.alias = alias; }

    /**
     * Up to n sockets made before (the caller owns them), and more made for the next call; none
     * at the first call, whose connect the kernel binds itself.
     */
    synchronized int[] take(int n) {
        int[] out = new int[Math.min(n, ready.size())];
        for (int i = 0; i < out.length; i++) out[i] = ready.poll();
        if (!making && !closed && ready.size() < STOCK) {
            making = true;
            MAKER.execute(this::make);
        }
        return out;
    }

    private void make() {
        HostCalls h = MAKER_HOST.get();
        try {
            for (;;) {
                synchronized (this) {
                    if (closed || ready.size() >= STOCK) return;
                }
                long fd = socket(h, alias);
                if (fd < 0) return;
                synchronized (this) {
                    if (closed) {
                        h.syscall(Sysno.CLOSE, fd);
                        return;
                    }
                    ready.add((int) fd);
                }
            }
        } finally {
            synchronized (this) {
                making = false;
            }
            h.endRequest();
        }
    }

    /** The container's run ended: the sockets made for it are closed. */
    synchronized void close(HostCalls h) {
        closed = true;
        for (Integer fd : ready) h.syscall(Sysno.CLOSE, fd);
        ready.clear();
    }

    /** A client socket at the loopback address {@code alias} (close-on-exec); -errno when the host refuses. */
    static long socket(HostCalls h, int alias) {
        long fd = h.syscall(Sysno.SOCKET, Flags.AF_INET, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
        if (fd < 0) return fd;
        long r = GuestSocket.setOption(h, (int) fd, Flags.IPPROTO_IP, Flags.IP_BIND_ADDRESS_NO_PORT, 1);
        if (r >= 0) r = new GuestSocket((int) fd, 0, Flags.AF_INET, Flags.SOCK_STREAM, Flags.IPPROTO_TCP, false)
                .bind(h, SockAddr.ofBits(alias, 0, Flags.AF_INET).encode());
        if (r < 0) {
            h.syscall(Sysno.CLOSE, fd);
            return r;
        }
        return fd;
    }
}
