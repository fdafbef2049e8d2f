package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An AF_INET or AF_INET6 socket address: the family, the address (4 or 16
 * bytes), the port, and for IPv6 the flow label and scope. An IPv4 address
 * on an IPv6 socket is v4-mapped (::ffff:a.b.c.d), and then takes IPv4 only.
 */
public record SockAddr(int family, byte[] addr, int port, int flowinfo, int scopeId) {
    private static final byte[] V4_ANY = new byte[4];
    private static final byte[] V4_LOOPBACK = {127, 0, 0, 1};
    private static final byte[] V6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    public SockAddr {
        addr = addr.clone();
        if (addr.length != (family == Flags.AF_INET ? 4 : 16)) throw new IllegalArgumentException("a " + addr.length + "-byte address");
    }

    static SockAddr v4(byte[] addr, int port) { return new SockAddr(Flags.AF_INET, addr, port, 0, 0); }

    static SockAddr v6(byte[] addr, int port) { return new SockAddr(Flags.AF_INET6, addr, port, 0, 0); }

    /** The wildcard address of a family. */
    static SockAddr any(int family) { return family == Flags.AF_INET ? v4(V4_ANY, 0) : v6(new byte[16], 0); }

    /** The loopback address for a socket of this family: ::1 on an IPv6-only socket, else 127.0.0.1 (v4-mapped on IPv6). */
    static SockAddr loopback(int family, boolean v6only) {
        if (family == Flags.AF_INET) return v4(V4_LOOPBACK, 0);
        return v6only ? v6(V6_LOOPBACK, 0) : v4(V4_LOOPBACK, 0).as(Flags.AF_INET6);
    }

    /** A published port's host address for a socket of the family, or null when it has none: an IPv4
     * socket takes :: and ::1 as 0.0.0.0 and 127.0.0.1, an IPv6 one IPv4 addresses v4-mapped. */
    static SockAddr of(InetAddress ip, int family) {
        SockAddr a = ip instanceof Inet4Address ? v4(ip.getAddress(), 0) : v6(ip.getAddress(), 0);
        if (family == Flags.AF_INET && !a.ipv4() && (a.wildcard() || a.isLoopback()))
            return a.wildcard() ? any(Flags.AF_INET) : v4(V4_LOOPBACK, 0);
        return a.as(family);
    }

    /**
     * A socket call's address for a socket of {@code family}, checked as Linux checks
     * it: too short is EINVAL, another family EAFNOSUPPORT (but AF_UNSPEC with the
     * wildcard address on an IPv4 socket, which Linux takes for AF_INET).
     */
    static SockAddr parse(byte[] b, int family) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int min = family == Flags.AF_INET ? Layouts.SOCKADDR_IN_SIZE : Layouts.SOCKADDR_IN6_SCOPE_ID;
        if (b.length < min) throw new LinuxError(Errno.EINVAL);
        int given = Short.toUnsignedInt(buf.getShort(0));
        int port = Short.toUnsignedInt(buf.order(ByteOrder.BIG_ENDIAN).getShort(Layouts.SOCKADDR_IN_PORT));
        if (family == Flags.AF_INET) {
            byte[] a = Arrays.copyOfRange(b, Layouts.SOCKADDR_IN_ADDR, Layouts.SOCKADDR_IN_ADDR + 4);
            if (given != Flags.AF_INET && !(given == 0 && Arrays.equals(a, V4_ANY))) throw new LinuxError(Errno.EAFNOSUPPORT);
            return v4(a, port);
        }
        if (given != Flags.AF_INET6) throw new LinuxError(Errno.EAFNOSUPPORT);
        buf.order(ByteOrder.LITTLE_ENDIAN);
        int scope = b.length >= Layouts.SOCKADDR_IN6_SIZE ? buf.getInt(Layouts.SOCKADDR_IN6_SCOPE_ID) : 0;
        return new SockAddr(Flags.AF_INET6, Arrays.copyOfRange(b, Layouts.SOCKADDR_IN6_ADDR, Layouts.SOCKADDR_IN6_ADDR + 16),
                port, buf.getInt(Layouts.SOCKADDR_IN6_FLOWINFO), scope);
    }

    /** As the host hands it back (getsockname, getpeername): never short. */
    static SockAddr read(byte[] b) {
        int family = Short.toUnsignedInt(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(0));
        return parse(b, family);
    }

    /** struct sockaddr_in or sockaddr_in6. */
    byte[] encode() {
        boolean v4 = family == Flags.AF_INET;
        ByteBuffer buf = ByteBuffer.allocate(v4 ? Layouts.SOCKADDR_IN_SIZE : Layouts.SOCKADDR_IN6_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort(0, (short) family);
        buf.order(ByteOrder.BIG_ENDIAN).putShort(Layouts.SOCKADDR_IN_PORT, (short) port).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(v4 ? Layouts.SOCKADDR_IN_ADDR : Layouts.SOCKADDR_IN6_ADDR, addr);
        if (!v4) buf.putInt(Layouts.SOCKADDR_IN6_FLOWINFO, flowinfo).putInt(Layouts.SOCKADDR_IN6_SCOPE_ID, scopeId);
        return buf.array();
    }

    SockAddr withPort(int p) { return new SockAddr(family, addr, p, flowinfo, scopeId); }

    /** This address for a socket of the other family (IPv4 as v4-mapped IPv6 and back), or null when there is none. */
    SockAddr as(int f) {
        if (f == family) return this;
        if (f == Flags.AF_INET6) {
            byte[] m = new byte[16];
            m[10] = m[11] = (byte) 0xff;
            System.arraycopy(addr, 0, m, 12, 4);
            return new SockAddr(f, m, port, 0, 0);
        }
        byte[] a = v4();
        return a == null ? null : v4(a, port);
    }

    /** The IPv4 address this one reaches (itself, or a v4-mapped one's), or null for a true IPv6 one. */
    private byte[] v4() {
        if (family == Flags.AF_INET) return addr;
        return mapped() ? Arrays.copyOfRange(addr, 12, 16) : null;
    }

    /** The IPv4 address as an int (itself or v4-mapped), or null for a true IPv6 one. */
    Integer ipv4Bits() {
        byte[] a = v4();
        return a == null ? null : (a[0] & 255) << 24 | (a[1] & 255) << 16 | (a[2] & 255) << 8 | a[3] & 255;
    }

    /** An IPv4 address (as an int) for a socket of {@code family}. */
    static SockAddr ofBits(int ip, int port, int family) {
        return v4(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip}, port).as(family);
    }

    boolean mapped() {
        if (family != Flags.AF_INET6) return false;
        for (int i = 0; i < 10; i++) if (addr[i] != 0) return false;
        return addr[10] == (byte) 0xff && addr[11] == (byte) 0xff;
    }

    /** Whether the address is IPv4's (or v4-mapped): a socket bound there takes IPv4 only. */
    boolean ipv4() { return v4() != null; }

    boolean wildcard() {
        byte[] a = v4();
        return Arrays.equals(a != null ? a : addr, a != null ? V4_ANY : new byte[16]);
    }

    boolean isLoopback() {
        byte[] a = v4();
        return a != null ? a[0] == 127 : Arrays.equals(addr, V6_LOOPBACK);
    }

    /** Whether both name the same address, IPv4 ones whether v4-mapped or not. */
    boolean sameAddress(SockAddr o) {
        byte[] a = v4(), b = o.v4();
        if (a != null || b != null) return a != null && b != null && Arrays.equals(a, b);
        return Arrays.equals(addr, o.addr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockAddr s && s.family == family && Arrays.equals(s.addr, addr) && s.port == port
                && s.flowinfo == flowinfo && s.scopeId == scopeId;
    }

    @Override
    public int hashCode() { return Arrays.hashCode(addr) * 31 + port; }

    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(addr).getHostAddress();
            return (family == Flags.AF_INET6 ? "[" + host + "]" : host) + ":" + port;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
