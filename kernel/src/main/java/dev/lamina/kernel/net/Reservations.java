package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortPlan.Published;
import dev.lamina.kernel.PortUnavailableException;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.SpawnFence;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published host ports, held from the container's start until its guest
 * binds them: a start fails at once when a port is taken (as Docker's does),
 * a host port of 0 is known before any guest runs (what `docker port` and
 * Testcontainers read right after the start), and no other program takes it
 * meanwhile. Each is a socket bound and not listening (a connection is
 * refused until the guest listens), per address family the mapping serves:
 * every interface is 0.0.0.0 and [::] (IPv6 only), when the host has IPv6.
 * The guest's socket is bound while they still hold the port (SO_REUSEPORT,
 * which only sockets of the same host user can share), then the ones its
 * address covers are closed: the port is never free for another program to
 * take (a host-picked port is in the range the host gives to connections).
 * They are closed past the {@link SpawnFence}, so they are gone when the
 * guest listens.
 * Since the host lets the placeholders share, two containers' mappings are
 * kept apart here: a port another's holds is refused, guest bound or not.
 */
final class Reservations {
    /** How often a host-picked port is tried again when its IPv6 twin is taken. */
    private static final int PICK_TRIES = 16;
    /**
     * The owner of the placeholders, and of a guest's socket for the moment of its bind beside
     * them: a uid no process has, so that no other socket shares the port by SO_REUSEPORT, which
     * Linux allows sockets of one owner. Every container's guests are the JVM's own host user: a
     * container on the host's network binds there directly and, with the JVM's uid, could share
     * a published port and listen on it first. Taken only where the JVM may give files away (root).
     */
    static final int PORT_OWNER = 2147483646;

    /** A mapping's port and its placeholders' fds, IPv4's and IPv6's (-1: none, or released). */
    private static final class Held {
        final int port;
        int v4 = -1, v6 = -1;
        boolean anyIpv6; // held on [::] (a mapping with no host address, on a host with IPv6)
        final List<Claim> claims = new ArrayList<>();

        Held(int port) { this.port = port; }
    }

    private final Map<Published, Held> held = new LinkedHashMap<>();

    /** A host address and port one container's mapping holds, for one protocol. */
    private record Claim(PortPlan.Protocol protocol, SockAddr at) {
        boolean overlaps(Claim o) {
            return protocol == o.protocol && at.port() == o.at.port() && at.family() == o.at.family()
                    && (at.wildcard() || o.at.wildcard() || at.sameAddress(o.at));
        }
    }

    /**
     * What every container's mappings hold in this JVM, from the start to the end of the
     * container: the host lets their placeholders (SO_REUSEPORT, one host user) share a
     * port, which two containers must not, as Docker's "port is already allocated".
     */
    private static final List<Claim> CLAIMED = new ArrayList<>();

    /** Claims a for hd, unless another container's mapping holds it. */
    private static boolean claim(Held hd, PortPlan.Protocol protocol, SockAddr a) {
        Claim c = new Claim(protocol, a);
        synchronized (CLAIMED) {
            for (Claim other : CLAIMED) if (other.overlaps(c)) return false;
            CLAIMED.add(c);
        }
        hd.claims.add(c);
        return true;
    }

    /** Reserves every published port of the plan, or none: a port that cannot be had throws. */
    Reservations(HostCalls h, PortPlan plan) {
        try {
            for (Published p : plan.published()) held.put(p, reserve(h, p));
        } catch (RuntimeException e) {
            close(h);
            throw e;
        } finally {
            h.release();
        }
    }

    /** The mapping's host port, or in its range the first port free on every address it binds. */
    private static Held reserve(HostCalls h, Published p) {
        for (int port = p.hostPort(); ; port++) {
            try {
                return reserve(h, p, port);
            } catch (PortUnavailableException e) {
                if (port >= p.hostPortLast()) throw e;
            }
        }
    }

    private static Held reserve(HostCalls h, Published p, int asked) {
        List<SockAddr> where = addresses(p);
        for (int tries = 0; ; tries++) {
            Held got = null;
            long failed = 0;
            SockAddr at = null;
            for (SockAddr a : where) {
                at = a;
                int port = got == null ? asked : got.port;
                long fd = placeholder(h, a.withPort(port), p.protocol() == PortPlan.Protocol.TCP);
                if (fd == -Errno.EAFNOSUPPORT && a.family() == Flags.AF_INET6 && where.size() > 1) continue; // no IPv6 here
                if (fd < 0) { failed = fd; break; }
                if (got == null) got = new Held(boundPort(h, (int) fd));
                if (!claim(got, p.protocol(), a.withPort(got.port))) {
                    h.syscall(Sysno.CLOSE, fd);
                    failed = -Errno.EADDRINUSE;
                    break;
                }
                if (a.family() == Flags.AF_INET) got.v4 = (int) fd; else got.v6 = (int) fd;
                got.anyIpv6 |= a.family() == Flags.AF_INET6 && p.hostIp() == null;
            }
            if (failed == 0) return got;
            release(h, got);
            if (!(failed == -Errno.EADDRINUSE && asked == 0 && got != null && tries < PICK_TRIES))
                throw new PortUnavailableException(p, at.withPort(got == null ? asked : got.port).toString(), (int) -failed);
        }
    }

    /** The addresses a mapping binds, one per family it serves. */
    private static List<SockAddr> addresses(Published p) {
        List<SockAddr> where = new ArrayList<>();
        if (p.hostIp() == null) {
            where.add(SockAddr.any(Flags.AF_INET));
            where.add(SockAddr.any(Flags.AF_INET6));
            return where;
        }
        SockAddr v4 = SockAddr.of(p.hostIp(), Flags.AF_INET);
        if (v4 != null) where.add(v4);
        if (!v4Only(p)) where.add(SockAddr.of(p.hostIp(), Flags.AF_INET6));
        return where;
    }

    private static boolean v4Only(Published p) { return p.hostIp() instanceof java.net.Inet4Address; }

    /** A socket bound at a (IPv6 ones IPv6 only, so that the IPv4 twin can have the port too), or -errno. A TCP
     * port taken only by connections (of the container's run before, in TIME_WAIT) is taken over them, as a new
     * network namespace would have none: a restart publishes its port again at once. That takes SO_REUSEADDR,
     * which would take a port some host socket holds bound with it as well, so it is tried only when the host
     * shows connections on the port (a socket bound and not listening shows nowhere), and cleared once bound:
     * a host socket with SO_REUSEADDR neither binds beside the placeholder nor, bound before it, listens. */
    private static long placeholder(HostCalls h, SockAddr a, boolean tcp) {
        long fd = h.syscall(Sysno.SOCKET, a.family(), (tcp ? Flags.SOCK_STREAM : Flags.SOCK_DGRAM) | Flags.SOCK_CLOEXEC, 0);
        if (fd < 0) return fd;
        if (a.family() == Flags.AF_INET6) GuestSocket.setOption(h, (int) fd, Flags.IPPROTO_IPV6, Flags.IPV6_V6ONLY, 1);
        h.syscall(Sysno.FCHOWN, fd, PORT_OWNER, -1); // as root; otherwise the JVM's uid shares it (see PORT_OWNER)
        GuestSocket.setOption(h, (int) fd, Flags.SOL_SOCKET, Flags.SO_REUSEPORT, 1);
        byte[] b = a.encode();
        MemorySegment m = h.scratch(b.length);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
        long r = h.syscall(Sysno.BIND, fd, m.address(), b.length);
        if (r == -Errno.EADDRINUSE && tcp && HostConnections.onPort(a.port())) {
            GuestSocket.setOption(h, (int) fd, Flags.SOL_SOCKET, Flags.SO_REUSEADDR, 1);
            r = h.syscall(Sysno.BIND, fd, m.address(), b.length);
            GuestSocket.setOption(h, (int) fd, Flags.SOL_SOCKET, Flags.SO_REUSEADDR, 0);
        }
        if (r < 0) {
            h.syscall(Sysno.CLOSE, fd);
            return r;
        }
        return fd;
    }

    /** The uid that owns the file at fd, or -errno. */
    static long ownerOf(HostCalls h, int fd) {
        MemorySegment st = h.scratch(dev.lamina.kernel.abi.Layouts.STAT_SIZE);
        long r = h.syscall(Sysno.FSTAT, fd, st.address());
        return r < 0 ? r : Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, dev.lamina.kernel.abi.Layouts.STAT_UID));
    }

    private static int boundPort(HostCalls h, int fd) {
        return SockAddr.read(GuestSocket.address(h, fd, Sysno.GETSOCKNAME)).port();
    }

    /** The host port of a published mapping. */
    synchronized int port(Published p) { return held.get(p).port; }

    /** Every published mapping with its host port. */
    synchronized List<PortPlan.HostPort> ports() {
        List<PortPlan.HostPort> all = new ArrayList<>();
        held.forEach((p, hd) -> all.add(new PortPlan.HostPort(p, hd.port, hd.anyIpv6)));
        return all;
    }

    /**
     * Binds the guest's socket at {@code at}, p's host port, beside the placeholders that
     * hold it there (the socket shares the port for the moment of the bind, unless it
     * asked to share it anyway), then closes them. On failure they keep the port. A
     * later bind at the port (none is held there any more) is the host's to judge.
     * A TCP socket is bound with SO_REUSEADDR (over TIME_WAIT connections of the run before)
     * and left without it until it listens ({@link #listen}), whatever the guest set: with
     * it, a host socket of any user could bind beside it meanwhile and listen first.
     */
    synchronized long bind(HostCalls h, Published p, GuestSocket s, SockAddr at) {
        Held hd = held.get(p);
        // IPv4's placeholder for an IPv4 (or v4-mapped) address, IPv6's for an IPv6 one, both for [::] taking IPv4 too.
        boolean v4 = (at.ipv4() || (at.wildcard() && !s.v6only())) && hd.v4 >= 0, v6 = !at.ipv4() && hd.v6 >= 0;
        if (!v4 && !v6) return s.bind(h, at.encode());
        boolean shares = GuestSocket.option(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEPORT) != 0;
        if (!shares) LinuxError.check(GuestSocket.setOption(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEPORT, 1));
        boolean tcp = s.protocol() == PortPlan.Protocol.TCP;
        if (tcp) LinuxError.check(GuestSocket.setOption(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEADDR, 1));
        long owner = ownerOf(h, s.fd());
        boolean given = owner >= 0 && h.syscall(Sysno.FCHOWN, s.fd(), PORT_OWNER, -1) == 0;
        long r = s.bind(h, at.encode());
        if (given) LinuxError.check(h.syscall(Sysno.FCHOWN, s.fd(), owner, -1));
        if (tcp) LinuxError.check(GuestSocket.setOption(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEADDR, 0));
        if (!shares) LinuxError.check(GuestSocket.setOption(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEPORT, 0));
        if (r < 0) return r;
        SpawnFence.close(h, v4 ? hd.v4 : -1, v6 ? hd.v6 : -1);
        if (v4) hd.v4 = -1;
        if (v6) hd.v6 = -1;
        return 0;
    }

    /**
     * A published TCP socket listens, with SO_REUSEADDR again: its connections take it with them,
     * so that their TIME_WAIT does not keep the next run from the port (as docker-proxy's listener
     * has it). Set after the listen, when no host socket can bind beside it any more, unless the
     * listen needs it beside TIME_WAIT connections of the run before (the host lists connections
     * on the port): then before, two host calls in which a host socket could still bind beside it.
     */
    static long listen(HostCalls h, GuestSocket s, int backlog) {
        boolean before = HostConnections.onPort(s.name(h).port());
        if (before) LinuxError.check(GuestSocket.setOption(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEADDR, 1));
        long r = h.syscall(Sysno.LISTEN, s.fd(), backlog);
        if (r == 0 && !before) LinuxError.check(GuestSocket.setOption(h, s.fd(), Flags.SOL_SOCKET, Flags.SO_REUSEADDR, 1));
        return r;
    }

    private static void release(HostCalls h, Held hd) {
        if (hd == null) return;
        SpawnFence.close(h, hd.v4, hd.v6);
        synchronized (CLAIMED) {
            CLAIMED.removeAll(hd.claims);
        }
    }

    synchronized void close(HostCalls h) {
        for (Held hd : held.values()) release(h, hd);
        held.clear();
    }
}
