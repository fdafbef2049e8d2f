package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Netlink;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * An IPv4 address added to or removed from the host's loopback interface through
 * rtnetlink, as `ip addr add|del A/32 dev lo scope host label L` does: host scope, so
 * the host never sends from it elsewhere. Linux only, and it takes CAP_NET_ADMIN.
 */
public final class LoopbackAddress {
    private LoopbackAddress() {}

    /** 0 once added; else a negative errno: -EEXIST when lo holds it already, -EPERM without CAP_NET_ADMIN. */
    public static int add(Inet4Address address, String label) {
        return change(Netlink.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, address, label);
    }

    /** 0 once removed; else a negative errno (-EADDRNOTAVAIL when lo does not hold it). */
    public static int remove(Inet4Address address, String label) {
        return change(Netlink.RTM_DELADDR, 0, address, label);
    }

    private static int change(int type, int flags, Inet4Address address, String label) {
        if (HostCalls.DARWIN) return -Errno.ENOSYS;
        int index;
        try {
            NetworkInterface lo = NetworkInterface.getByName("lo");
            if (lo == null) return -Errno.ENODEV;
            index = lo.getIndex();
        } catch (SocketException e) {
            return -Errno.ENODEV;
        }
        try (HostCalls h = new HostCalls()) {
            long nl = h.syscall(Sysno.SOCKET, Flags.AF_NETLINK, Flags.SOCK_RAW | Flags.SOCK_CLOEXEC, Flags.NETLINK_ROUTE);
            if (nl < 0) return (int) nl;
            try {
                MemorySegment req = request(h, type, flags, address, label, index);
                long sent = h.syscall(Sysno.SENDTO, nl, req.address(), req.byteSize(), 0, 0, 0);
                if (sent < 0) return (int) sent;
                MemorySegment ans = h.scratch(256);
                long n = h.syscall(Sysno.RECVFROM, nl, ans.address(), ans.byteSize(), 0, 0, 0);
                if (n < 0) return (int) n;
                // The acknowledgement: an NLMSG_ERROR whose error is 0, or the failure's negative errno.
                if (n < Netlink.NLMSGHDR_SIZE + 4 || ans.get(ValueLayout.JAVA_SHORT, Netlink.NLMSGHDR_TYPE) != Netlink.NLMSG_ERROR)
                    return -Errno.EPROTO;
                return ans.get(ValueLayout.JAVA_INT, Netlink.NLMSGHDR_SIZE);
            } finally {
                h.syscall(Sysno.CLOSE, nl);
            }
        }
    }

    /** RTM_NEWADDR or RTM_DELADDR: nlmsghdr, ifaddrmsg, then IFA_LOCAL, IFA_ADDRESS and IFA_LABEL. */
    private static MemorySegment request(HostCalls h, int type, int flags, Inet4Address address, String label, int index) {
        byte[] ip = address.getAddress();
        byte[] name = (label + "\0").getBytes(StandardCharsets.US_ASCII);
        int ipAttr = Netlink.RTATTR_SIZE + ip.length;
        int labelAttr = Netlink.RTATTR_SIZE + name.length;
        int size = Netlink.NLMSGHDR_SIZE + Netlink.IFADDRMSG_SIZE + 2 * ipAttr + aligned(labelAttr);
        MemorySegment m = h.scratch(size);
        m.set(ValueLayout.JAVA_INT, 0, size);
        m.set(ValueLayout.JAVA_SHORT, Netlink.NLMSGHDR_TYPE, (short) type);
        m.set(ValueLayout.JAVA_SHORT, Netlink.NLMSGHDR_FLAGS, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | flags));
        m.set(ValueLayout.JAVA_INT, Netlink.NLMSGHDR_SEQ, 1);
        int at = Netlink.NLMSGHDR_SIZE;
        m.set(ValueLayout.JAVA_BYTE, at, (byte) Flags.AF_INET);
        m.set(ValueLayout.JAVA_BYTE, at + Netlink.IFADDRMSG_PREFIXLEN, (byte) 32);
        m.set(ValueLayout.JAVA_BYTE, at + Netlink.IFADDRMSG_SCOPE, (byte) Netlink.RT_SCOPE_HOST);
        m.set(ValueLayout.JAVA_INT, at + Netlink.IFADDRMSG_INDEX, index);
        at += Netlink.IFADDRMSG_SIZE;
        at = attribute(m, at, Netlink.IFA_LOCAL, ip);
        at = attribute(m, at, Netlink.IFA_ADDRESS, ip);
        attribute(m, at, Netlink.IFA_LABEL, name);
        return m;
    }

    /** Writes one struct rtattr and its value at {@code at}; where the next begins. */
    private static int attribute(MemorySegment m, int at, int type, byte[] value) {
        m.set(ValueLayout.JAVA_SHORT, at, (short) (Netlink.RTATTR_SIZE + value.length));
        m.set(ValueLayout.JAVA_SHORT, at + 2, (short) type);
        MemorySegment.copy(value, 0, m, ValueLayout.JAVA_BYTE, at + Netlink.RTATTR_SIZE, value.length);
        return at + aligned(Netlink.RTATTR_SIZE + value.length);
    }

    private static int aligned(int n) { return (n + Netlink.NLMSG_ALIGNTO - 1) & -Netlink.NLMSG_ALIGNTO; }
}
