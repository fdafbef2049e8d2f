package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A guest's socket as the kernel holds it (its copy of the descriptor, sent
 * along): its inode (which names it in /proc/net), family, type and
 * protocol, and for IPv6 whether it takes IPv6 only.
 */
record GuestSocket(int fd, long inode, int domain, int type, int ipProtocol, boolean v6only) {
    static GuestSocket of(HostCalls h, int fd) {
        if (fd < 0) throw new LinuxError(Errno.EBADF);
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        LinuxError.check(h.syscall(Sysno.FSTAT, fd, st.address()));
        if ((st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT) != Flags.S_IFSOCK) throw new LinuxError(Errno.ENOTSOCK);
        int domain = option(h, fd, Flags.SOL_SOCKET, Flags.SO_DOMAIN);
        return new GuestSocket(fd, st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO), domain,
                option(h, fd, Flags.SOL_SOCKET, Flags.SO_TYPE), option(h, fd, Flags.SOL_SOCKET, Flags.SO_PROTOCOL),
                domain == Flags.AF_INET6 && option(h, fd, Flags.IPPROTO_IPV6, Flags.IPV6_V6ONLY) != 0);
    }

    static int option(HostCalls h, int fd, int level, int name) {
        MemorySegment v = h.scratch(8);
        v.set(ValueLayout.JAVA_INT, 4, 4);
        LinuxError.check(h.syscall(Sysno.GETSOCKOPT, fd, level, name, v.address(), v.address() + 4));
        return v.get(ValueLayout.JAVA_INT, 0);
    }

    /** The socket's cookie: the host kernel's number for it, never given to another socket (unlike inode numbers,
     * which wrap); -errno on failure. */
    static long cookie(HostCalls h, int fd) {
        MemorySegment v = h.scratch(12);
        v.set(ValueLayout.JAVA_INT, 8, 8);
        long r = h.syscall(Sysno.GETSOCKOPT, fd, Flags.SOL_SOCKET, Flags.SO_COOKIE, v.address(), v.address() + 8);
        return r < 0 ? r : v.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Sets an int socket option on the host socket; -errno on failure. */
    static long setOption(HostCalls h, int fd, int level, int name, int value) {
        MemorySegment v = h.scratch(4);
        v.set(ValueLayout.JAVA_INT, 0, value);
        return h.syscall(Sysno.SETSOCKOPT, fd, level, name, v.address(), 4);
    }

    boolean inet() { return domain == Flags.AF_INET || domain == Flags.AF_INET6; }

    /** TCP or UDP, whose ports the plan maps (MPTCP and UDP-Lite share their port spaces), or null. */
    Protocol protocol() {
        return switch (ipProtocol) {
            case Flags.IPPROTO_TCP, Flags.IPPROTO_MPTCP -> Protocol.TCP;
            case Flags.IPPROTO_UDP, Flags.IPPROTO_UDPLITE -> Protocol.UDP;
            default -> null;
        };
    }

    /** A ping socket: its "port" is the echo identifier, no port anyone connects to. */
    boolean ping() { return ipProtocol == Flags.IPPROTO_ICMP || ipProtocol == Flags.IPPROTO_ICMPV6; }

    /** Where the socket is bound on the host (port 0: nowhere yet). */
    SockAddr name(HostCalls h) { return SockAddr.read(address(h, fd, Sysno.GETSOCKNAME)); }

    /** Where it is connected to on the host. */
    SockAddr peer(HostCalls h) { return SockAddr.read(address(h, fd, Sysno.GETPEERNAME)); }

    /** getsockname's or getpeername's address for fd, as the host gives it. */
    static byte[] address(HostCalls h, int fd, int call) {
        MemorySegment a = h.scratch(Layouts.SOCKADDR_MAX + 4);
        MemorySegment len = a.asSlice(Layouts.SOCKADDR_MAX, 4);
        len.set(ValueLayout.JAVA_INT, 0, Layouts.SOCKADDR_MAX);
        LinuxError.check(h.syscall(call, fd, a.address(), len.address()));
        return a.asSlice(0, Math.min(Layouts.SOCKADDR_MAX, len.get(ValueLayout.JAVA_INT, 0))).toArray(ValueLayout.JAVA_BYTE);
    }

    long bind(HostCalls h, byte[] addr) {
        MemorySegment a = h.scratch(Math.max(1, addr.length));
        MemorySegment.copy(addr, 0, a, ValueLayout.JAVA_BYTE, 0, addr.length);
        return h.syscall(Sysno.BIND, fd, a.address(), addr.length);
    }
}
