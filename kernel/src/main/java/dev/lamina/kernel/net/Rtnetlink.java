package dev.lamina.kernel.net;

import static dev.lamina.kernel.abi.Netlink.*;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * rtnetlink as a container's guests see it: the answers to the requests they send on a
 * NETLINK_ROUTE socket, from the container's interfaces (lo, eth0...). Links, addresses
 * (IPv4, and ::1 on lo) and the main table's routes (each network's subnet on its
 * interface, the default route via the first network's gateway) are dumped; a link is
 * found by index or name, and a route to an address is told; any change is EPERM, as
 * for a Docker container without CAP_NET_ADMIN. Datagrams hold whole messages, at most
 * {@link #DATAGRAM_MAX} bytes, as Linux packs a dump.
 */
final class Rtnetlink {
    static final int DATAGRAM_MAX = 4096;
    private static final int AF_UNSPEC = 0, AF_INET = Flags.AF_INET, AF_INET6 = 10;
    private static final int LOOPBACK_NET = 127 << 24;
    private static final int INFINITY_LIFETIME = -1;

    private final List<Interfaces.Interface> interfaces;
    private final int portId;
    private final List<byte[]> messages = new ArrayList<>();

    private Rtnetlink(List<Interfaces.Interface> interfaces, int portId) {
        this.interfaces = interfaces;
        this.portId = portId;
    }

    /** The datagrams that answer the messages in {@code request}, sent from a socket at {@code portId}. */
    static List<byte[]> answer(List<Interfaces.Interface> interfaces, byte[] request, int portId) {
        Rtnetlink r = new Rtnetlink(interfaces, portId);
        ByteBuffer in = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
        // As Linux: a message whose length does not fit ends the batch.
        for (int at = 0; request.length - at >= NLMSGHDR_SIZE; ) {
            int len = in.getInt(at);
            if (len < NLMSGHDR_SIZE || len > request.length - at) break;
            r.request(Arrays.copyOfRange(request, at, at + len));
            at += align(len);
        }
        return r.datagrams();
    }

    private void request(byte[] m) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(NLMSGHDR_TYPE) & 0xffff, flags = b.getShort(NLMSGHDR_FLAGS) & 0xffff;
        int seq = b.getInt(NLMSGHDR_SEQ);
        if ((flags & NLM_F_REQUEST) == 0 || type < RTM_BASE) return; // Linux ignores them
        boolean dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
        int family = m.length > NLMSGHDR_SIZE ? m[NLMSGHDR_SIZE] & 0xff : AF_UNSPEC;
        if ((type - RTM_BASE) % 4 != 2) {
            error(m, -Errno.EPERM); // a change: the container has no CAP_NET_ADMIN
            return;
        }
        if (dump) {
            switch (type) {
                case RTM_GETLINK -> { for (Interfaces.Interface i : interfaces) link(i, seq, NLM_F_MULTI); }
                case RTM_GETADDR -> addresses(family, seq);
                case RTM_GETROUTE -> { if (family == AF_UNSPEC || family == AF_INET) routes(seq); }
                default -> {} // neighbours, rules, qdiscs...: none
            }
            done(seq);
            return;
        }
        int errno = switch (type) {
            case RTM_GETLINK -> oneLink(m, seq);
            case RTM_GETROUTE -> routeTo(m, seq);
            default -> -Errno.EOPNOTSUPP;
        };
        if (errno != 0) error(m, errno);
        else if ((flags & NLM_F_ACK) != 0) error(m, 0);
    }

    /** RTM_GETLINK for one link, named by index or by IFLA_IFNAME. */
    private int oneLink(byte[] m, int seq) {
        if (m.length < NLMSGHDR_SIZE + IFINFOMSG_SIZE) return -Errno.EINVAL;
        int index = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(NLMSGHDR_SIZE + IFINFOMSG_INDEX);
        byte[] name = attribute(m, NLMSGHDR_SIZE + IFINFOMSG_SIZE, IFLA_IFNAME);
        for (Interfaces.Interface i : interfaces)
            if (index > 0 ? i.index() == index : name != null && i.name().equals(cString(name))) {
                link(i, seq, 0);
                return 0;
            }
        return -Errno.ENODEV;
    }

    /** RTM_GETROUTE for one destination (RTA_DST): the route a packet to it takes. */
    private int routeTo(byte[] m, int seq) {
        if (m.length < NLMSGHDR_SIZE + RTMSG_SIZE) return -Errno.EINVAL;
        if ((m[NLMSGHDR_SIZE] & 0xff) != AF_INET) return -Errno.EAFNOSUPPORT;
        byte[] dst = attribute(m, NLMSGHDR_SIZE + RTMSG_SIZE, RTA_DST);
        int to = dst == null || dst.length != 4 ? 0 : ByteBuffer.wrap(dst).getInt();
        if ((to & 0xff000000) == LOOPBACK_NET) {
            route(seq, 0, to, 32, RT_TABLE_LOCAL, RTN_LOCAL, RT_SCOPE_HOST, 0, interfaces.getFirst(), RTM_F_CLONED);
            return 0;
        }
        for (Interfaces.Interface i : interfaces)
            if (!i.loopback() && (to & i.netmask()) == (i.ip() & i.netmask())) {
                route(seq, 0, to, 32, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, 0, i, RTM_F_CLONED);
                return 0;
            }
        Interfaces.Interface out = gatewayInterface();
        if (out == null) return -Errno.ENETUNREACH;
        route(seq, 0, to, 32, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, out.gateway(), out, RTM_F_CLONED);
        return 0;
    }

    private void link(Interfaces.Interface i, int seq, int flags) {
        Message m = new Message(RTM_NEWLINK, flags, seq, IFINFOMSG_SIZE);
        m.body.putShort(IFINFOMSG_TYPE, (short) i.type());
        m.body.putInt(IFINFOMSG_INDEX, i.index());
        m.body.putInt(IFINFOMSG_FLAGS, i.flags() | IFF_LOWER_UP);
        m.attribute(IFLA_IFNAME, cString(i.name()));
        m.attribute(IFLA_TXQLEN, u32(i.txqueue()));
        m.attribute(IFLA_OPERSTATE, new byte[] {(byte) (i.loopback() ? IF_OPER_UNKNOWN : IF_OPER_UP)});
        m.attribute(IFLA_LINKMODE, new byte[1]);
        m.attribute(IFLA_MTU, u32(i.mtu()));
        m.attribute(IFLA_QDISC, cString("noqueue"));
        m.attribute(IFLA_ADDRESS, i.mac());
        byte[] broadcast = new byte[6];
        if (!i.loopback()) Arrays.fill(broadcast, (byte) 0xff);
        m.attribute(IFLA_BROADCAST, broadcast);
        m.attribute(IFLA_STATS, new byte[RTNL_LINK_STATS_SIZE]);
        messages.add(m.bytes());
    }

    private void addresses(int family, int seq) {
        if (family == AF_UNSPEC || family == AF_INET)
            for (Interfaces.Interface i : interfaces) {
                Message m = address(AF_INET, i, i.prefix(), seq);
                m.attribute(IFA_ADDRESS, be32(i.ip()));
                m.attribute(IFA_LOCAL, be32(i.ip()));
                if (!i.loopback()) m.attribute(IFA_BROADCAST, be32(i.broadcast()));
                m.attribute(IFA_LABEL, cString(i.name()));
                m.attribute(IFA_CACHEINFO, cacheInfo());
                messages.add(m.bytes());
            }
        if (family == AF_UNSPEC || family == AF_INET6) {
            // IPv6 loopback works in every container; no other IPv6 address is given.
            Message m = address(AF_INET6, interfaces.getFirst(), 128, seq);
            byte[] one = new byte[16];
            one[15] = 1;
            m.attribute(IFA_ADDRESS, one);
            m.attribute(IFA_CACHEINFO, cacheInfo());
            messages.add(m.bytes());
        }
    }

    private Message address(int family, Interfaces.Interface i, int prefix, int seq) {
        Message m = new Message(RTM_NEWADDR, NLM_F_MULTI, seq, IFADDRMSG_SIZE);
        m.body.put(0, (byte) family);
        m.body.put(IFADDRMSG_PREFIXLEN, (byte) prefix);
        m.body.put(IFADDRMSG_FLAGS, (byte) IFA_F_PERMANENT);
        m.body.put(IFADDRMSG_SCOPE, (byte) (i.loopback() ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE));
        m.body.putInt(IFADDRMSG_INDEX, i.index());
        return m;
    }

    private static byte[] cacheInfo() {
        return ByteBuffer.allocate(IFA_CACHEINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(INFINITY_LIFETIME).putInt(INFINITY_LIFETIME).array();
    }

    /** The interface of the default route: the first whose network has a gateway (internal ones have none). */
    private Interfaces.Interface gatewayInterface() {
        return interfaces.stream().filter(i -> i.gateway() != 0).findFirst().orElse(null);
    }

    /** The main table: the default route via the first network's gateway, then each network's subnet. */
    private void routes(int seq) {
        Interfaces.Interface first = gatewayInterface();
        if (first != null) route(seq, NLM_F_MULTI, 0, 0, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, first.gateway(), first, 0);
        for (Interfaces.Interface i : interfaces)
            if (!i.loopback())
                route(seq, NLM_F_MULTI, i.ip() & i.netmask(), i.prefix(), RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_LINK, 0, i, 0);
    }

    private void route(int seq, int flags, int dst, int dstLen, int table, int type, int scope, int gateway,
                       Interfaces.Interface out, int rtFlags) {
        Message m = new Message(RTM_NEWROUTE, flags, seq, RTMSG_SIZE);
        m.body.put(0, (byte) AF_INET);
        m.body.put(RTMSG_DST_LEN, (byte) dstLen);
        m.body.put(RTMSG_TABLE, (byte) table);
        m.body.put(RTMSG_PROTOCOL, (byte) (gateway != 0 || rtFlags != 0 ? RTPROT_BOOT : RTPROT_KERNEL));
        m.body.put(RTMSG_SCOPE, (byte) scope);
        m.body.put(RTMSG_TYPE, (byte) type);
        m.body.putInt(RTMSG_FLAGS, rtFlags);
        m.attribute(RTA_TABLE, u32(table));
        if (dstLen > 0) m.attribute(RTA_DST, be32(dst));
        if (gateway != 0) m.attribute(RTA_GATEWAY, be32(gateway));
        if (gateway == 0 || rtFlags != 0) m.attribute(RTA_PREFSRC, be32(out.ip()));
        m.attribute(RTA_OIF, u32(out.index()));
        messages.add(m.bytes());
    }

    private void done(int seq) {
        Message m = new Message(NLMSG_DONE, NLM_F_MULTI, seq, 4);
        messages.add(m.bytes());
    }

    /** NLMSG_ERROR: the error (0 acknowledges), then the request's header, and its body with an error. */
    private void error(byte[] request, int errno) {
        int echoed = errno == 0 ? NLMSGHDR_SIZE : request.length;
        Message m = new Message(NLMSG_ERROR, 0, ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getInt(NLMSGHDR_SEQ),
                4 + echoed);
        m.body.putInt(0, errno);
        m.body.put(4, request, 0, echoed);
        messages.add(m.bytes());
    }

    /** The messages in datagrams, each filled as far as DATAGRAM_MAX allows. */
    private List<byte[]> datagrams() {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            if (d.size() > 0 && d.size() + m.length > DATAGRAM_MAX) {
                out.add(d.toByteArray());
                d.reset();
            }
            d.writeBytes(m);
        }
        if (d.size() > 0) out.add(d.toByteArray());
        return out;
    }

    /** One message being made: a header whose length is filled in at the end, a fixed body, then attributes. */
    private final class Message {
        final ByteBuffer body;
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteBuffer header = ByteBuffer.allocate(NLMSGHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);

        Message(int type, int flags, int seq, int bodySize) {
            header.putShort(NLMSGHDR_TYPE, (short) type).putShort(NLMSGHDR_FLAGS, (short) flags)
                    .putInt(NLMSGHDR_SEQ, seq).putInt(NLMSGHDR_PID, portId);
            body = ByteBuffer.allocate(align(bodySize)).order(ByteOrder.LITTLE_ENDIAN);
        }

        void attribute(int type, byte[] data) {
            ByteBuffer a = ByteBuffer.allocate(align(RTATTR_SIZE + data.length)).order(ByteOrder.LITTLE_ENDIAN);
            a.putShort((short) (RTATTR_SIZE + data.length)).putShort((short) type).put(data);
            all.writeBytes(a.array());
        }

        byte[] bytes() {
            byte[] attributes = all.toByteArray();
            ByteBuffer m = ByteBuffer.allocate(NLMSGHDR_SIZE + body.capacity() + attributes.length).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0, m.capacity());
            return m.put(header.array()).put(body.array()).put(attributes).array();
        }
    }

    /** The data of the first attribute of {@code type} in the attributes of {@code m} from {@code at}, or null. */
    private static byte[] attribute(byte[] m, int at, int type) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        while (m.length - at >= RTATTR_SIZE) {
            int len = b.getShort(at) & 0xffff;
            if (len < RTATTR_SIZE || len > m.length - at) return null;
            if ((b.getShort(at + 2) & 0x3fff) == type) return Arrays.copyOfRange(m, at + RTATTR_SIZE, at + len);
            at += align(len);
        }
        return null;
    }

    static int align(int n) { return (n + NLMSG_ALIGNTO - 1) & -NLMSG_ALIGNTO; }

    private static byte[] u32(int v) { return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array(); }

    private static byte[] be32(int v) { return ByteBuffer.allocate(4).putInt(v).array(); }

    private static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(b, b.length + 1);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }
}
