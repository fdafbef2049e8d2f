package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ICMP echo sockets (ping's: SOCK_RAW or SOCK_DGRAM, IPPROTO_ICMP) of a container on
 * the engine's networks, answered by the kernel. A container has no interfaces of its own,
 * and the host lets no unprivileged process send ICMP unless its ping_group_range allows
 * (guest code has no CAP_NET_RAW): the kernel answers an echo request to an address the
 * container reaches on its networks (another container, its own, a gateway: all are the
 * host's, whose loopback would answer) with the reply the host would give. The guest's
 * socket is an AF_UNIX datagram socket (autobound), and each reply comes from a socket of
 * the kernel's bound at an abstract name of the replying IPv4 address then
 * {@link Protocol#ECHO_PEER}, by which the init host shows that address as the sender
 * (recvfrom, recvmsg). A raw socket's reply has the IPv4 header, a datagram socket's
 * the ICMP message only, as Linux gives them. Requests to addresses off the networks get
 * no reply; to a container on no shared network, the route's error.
 */
public final class EchoSockets {
    private static final int ECHO_REPLY = 0, ECHO_REQUEST = 8, IP_HEADER = 20, TTL = 64;

    /** Where an echo request to an address is answered from and to which of the container's addresses. */
    public record Path(int from, int to) {}

    /** A guest's socket: its name on the host (where replies go), and whether it is raw. */
    private static final class Socket {
        final byte[] name;
        final boolean raw;
        /** Made since the last prune: its guest may not hold it yet. */
        boolean fresh = true;

        Socket(byte[] name, boolean raw) {
            this.name = name;
            this.raw = raw;
        }
    }

    /** By the inode of the guest's socket. */
    private final Map<Long, Socket> sockets = new HashMap<>();
    /** The kernel's answering sockets, by the IPv4 address (bits) their names carry. */
    private final Map<Integer, Integer> answerers = new HashMap<>();
    private final Supplier<Set<Long>> held;
    private int pruneAt = 16;

    EchoSockets(Supplier<Set<Long>> held) { this.held = held; }

    /** A new socket of {@code type} (SOCK_RAW or SOCK_DGRAM with flags): the guest's, a descriptor to hand over. */
    synchronized int open(HostCalls h, int type) {
        int base = type & Flags.SOCK_TYPE_MASK;
        if (base != Flags.SOCK_RAW && base != Flags.SOCK_DGRAM) throw new LinuxError(Errno.ESOCKTNOSUPPORT);
        prune();
        int fd = (int) LinuxError.check(h.syscall(Sysno.SOCKET, Flags.AF_UNIX,
                Flags.SOCK_DGRAM | Flags.SOCK_CLOEXEC | (type & Flags.SOCK_NONBLOCK), 0));
        try {
            MemorySegment family = h.scratch(2);
            family.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
            LinuxError.check(h.syscall(Sysno.BIND, fd, family.address(), 2)); // autobind: an abstract name of its own
            // The kernel answers every send (a datagram socket would send to any path: unix_dgram.c).
            LinuxError.check(h.syscall(Sysno.SHUTDOWN, fd, Flags.SHUT_WR));
            byte[] name = GuestSocket.address(h, fd, Sysno.GETSOCKNAME);
            sockets.put(GuestSocket.of(h, fd).inode(), new Socket(name, base == Flags.SOCK_RAW));
            return fd;
        } catch (LinuxError e) {
            h.syscall(Sysno.CLOSE, fd);
            throw e;
        }
    }

    synchronized boolean owns(long inode) { return sockets.containsKey(inode); }

    /**
     * An ICMP message the guest sends to {@code to} (a sockaddr_in): an echo request is answered
     * now, on the guest's queue (dropped when it is full, as the host drops what a socket has no
     * room for), when {@code route} gives a path; returns the bytes taken.
     */
    long send(HostCalls h, long inode, byte[] to, byte[] message, java.util.function.IntFunction<Path> route) {
        if (to.length == 0) return -Errno.EDESTADDRREQ;
        if (to.length < Layouts.SOCKADDR_IN_SIZE || (to[0] & 0xff | to[1] << 8) != Flags.AF_INET) return -Errno.EAFNOSUPPORT;
        Socket s;
        synchronized (this) {
            s = sockets.get(inode);
        }
        boolean echo = message.length >= 8 && message[0] == ECHO_REQUEST && message[1] == 0;
        // A ping socket sends echo requests only.
        if (!s.raw && !echo) return -Errno.EINVAL;
        Path path;
        try {
            path = route.apply(ByteBuffer.wrap(to).getInt(Layouts.SOCKADDR_IN_ADDR));
        } catch (LinuxError e) {
            return -e.errno(); // unreachable: the send's error
        }
        if (!echo || path == null) return message.length;
        byte[] reply = reply(message, s.raw, path);
        MemorySegment buf = h.scratch(reply.length + s.name.length);
        MemorySegment.copy(reply, 0, buf, ValueLayout.JAVA_BYTE, 0, reply.length);
        MemorySegment.copy(s.name, 0, buf, ValueLayout.JAVA_BYTE, reply.length, s.name.length);
        h.syscall(Sysno.SENDTO, answerer(h, path.from()), buf.address(), reply.length,
                Flags.MSG_DONTWAIT | Flags.MSG_NOSIGNAL, buf.address() + reply.length, s.name.length);
        return message.length;
    }

    /** The echo reply to {@code request}, behind an IPv4 header from the path's address to the container's for a raw socket. */
    static byte[] reply(byte[] request, boolean raw, Path path) {
        int at = raw ? IP_HEADER : 0;
        ByteBuffer b = ByteBuffer.allocate(at + request.length);
        if (raw) {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (IP_HEADER + request.length)).putInt(0)
                    .put((byte) TTL).put((byte) Flags.IPPROTO_ICMP).putShort((short) 0).putInt(path.from()).putInt(path.to());
            b.putShort(10, checksum(b.array(), 0, IP_HEADER));
        }
        b.put(at, request);
        b.put(at, (byte) ECHO_REPLY).putShort(at + 2, (short) 0);
        b.putShort(at + 2, checksum(b.array(), at, request.length));
        return b.array();
    }

    /** The Internet checksum (RFC 1071) of {@code n} bytes from {@code off}. */
    static short checksum(byte[] d, int off, int n) {
        long sum = 0;
        for (int i = 0; i + 1 < n; i += 2) sum += (d[off + i] & 0xff) << 8 | d[off + i + 1] & 0xff;
        if ((n & 1) != 0) sum += (d[off + n - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (short) ~sum;
    }

    /** The kernel's socket whose name carries {@code ip}, made on first use. */
    private synchronized int answerer(HostCalls h, int ip) {
        Integer fd = answerers.get(ip);
        if (fd != null) return fd;
        byte[] suffix = KernelNames.next(Protocol.ECHO_PEER);
        MemorySegment addr = h.scratch(Layouts.SUN_PATH + 5 + suffix.length);
        addr.fill((byte) 0);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
        addr.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), Layouts.SUN_PATH + 1, ip);
        MemorySegment.copy(suffix, 0, addr, ValueLayout.JAVA_BYTE, Layouts.SUN_PATH + 5, suffix.length);
        int s = (int) LinuxError.check(h.syscall(Sysno.SOCKET, Flags.AF_UNIX, Flags.SOCK_DGRAM | Flags.SOCK_CLOEXEC, 0));
        long r = h.syscall(Sysno.BIND, s, addr.address(), addr.byteSize());
        if (r < 0) {
            h.syscall(Sysno.CLOSE, s);
            throw new LinuxError((int) -r);
        }
        answerers.put(ip, s);
        return s;
    }

    synchronized void close(HostCalls h) {
        for (int fd : answerers.values()) h.syscall(Sysno.CLOSE, fd);
        answerers.clear();
        sockets.clear();
    }

    /** Forgets the sockets the container no longer holds, when there are many. */
    private void prune() {
        if (sockets.size() < pruneAt) return;
        Set<Long> live = held.get();
        for (Iterator<Map.Entry<Long, Socket>> it = sockets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Socket> e = it.next();
            if (e.getValue().fresh) e.getValue().fresh = false;
            else if (!live.contains(e.getKey())) it.remove();
        }
        pruneAt = Math.max(16, 2 * sockets.size());
    }
}
