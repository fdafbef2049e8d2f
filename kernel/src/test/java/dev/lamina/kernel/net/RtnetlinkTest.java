package dev.lamina.kernel.net;

import static dev.lamina.kernel.abi.Netlink.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.Fabric;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rtnetlink answers of a container's kernel: lo as the host's own kernel tells it
 * (differential: the same dump asked of the host), and the container's eth0, its
 * routes and errors as busybox ip and musl read them.
 */
class RtnetlinkTest {
    private static final int PORT_ID = 4242, SEQ = 77;

    /** One message: its header's type, flags, seq and pid, its fixed body, and its attributes by type. */
    private record Message(int type, int flags, int seq, int pid, byte[] body, Map<Integer, byte[]> attributes) {
        ByteBuffer b() { return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN); }

        String name(int attribute) {
            byte[] a = attributes.get(attribute);
            return new String(a, 0, a.length - 1, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static byte[] request(int type, int flags, int family, int bodySize) {
        ByteBuffer b = ByteBuffer.allocate(NLMSGHDR_SIZE + bodySize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, b.capacity()).putShort(NLMSGHDR_TYPE, (short) type).putShort(NLMSGHDR_FLAGS, (short) (NLM_F_REQUEST | flags))
                .putInt(NLMSGHDR_SEQ, SEQ).put(NLMSGHDR_SIZE, (byte) family);
        return b.array();
    }

    private static List<Message> parse(List<byte[]> datagrams, int bodySize) {
        List<Message> all = new ArrayList<>();
        for (byte[] d : datagrams) all.addAll(parse(d, d.length, bodySize));
        return all;
    }

    private static List<Message> parse(byte[] d, int length, int bodySize) {
        List<Message> all = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < length; ) {
            int len = b.getInt(at), type = b.getShort(at + NLMSGHDR_TYPE) & 0xffff;
            int fixed = type == NLMSG_DONE || type == NLMSG_ERROR ? len - NLMSGHDR_SIZE : bodySize;
            Map<Integer, byte[]> attributes = new HashMap<>();
            for (int a = at + NLMSGHDR_SIZE + Rtnetlink.align(fixed); a < at + len; ) {
                int alen = b.getShort(a) & 0xffff;
                attributes.put(b.getShort(a + 2) & 0xffff, Arrays.copyOfRange(d, a + RTATTR_SIZE, a + alen));
                a += Rtnetlink.align(alen);
            }
            all.add(new Message(type, b.getShort(at + NLMSGHDR_FLAGS) & 0xffff, b.getInt(at + NLMSGHDR_SEQ),
                    b.getInt(at + NLMSGHDR_PID), Arrays.copyOfRange(d, at + NLMSGHDR_SIZE, at + NLMSGHDR_SIZE + fixed), attributes));
            at += Rtnetlink.align(len);
        }
        return all;
    }

    /** The host kernel's answer to a dump request, up to its NLMSG_DONE. */
    private static List<Message> host(byte[] request, int bodySize) {
        try (HostCalls h = new HostCalls()) {
            int fd = (int) h.syscall(Sysno.SOCKET, Flags.AF_NETLINK, Flags.SOCK_RAW | Flags.SOCK_CLOEXEC, Flags.NETLINK_ROUTE);
            assertTrue(fd >= 0, "socket: " + fd);
            try {
                MemorySegment buf = h.scratch(65536);
                MemorySegment.copy(request, 0, buf, ValueLayout.JAVA_BYTE, 0, request.length);
                assertEquals(request.length, h.syscall(Sysno.SENDTO, fd, buf.address(), request.length, 0, 0, 0));
                List<Message> all = new ArrayList<>();
                while (all.isEmpty() || all.getLast().type() != NLMSG_DONE) {
                    long n = h.syscall(Sysno.RECVFROM, fd, buf.address(), buf.byteSize(), 0, 0, 0);
                    assertTrue(n > 0, "recv: " + n);
                    all.addAll(parse(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), (int) n, bodySize));
                }
                return all;
            } finally {
                h.syscall(Sysno.CLOSE, fd);
            }
        }
    }

    private static List<Message> lamina(List<Fabric.Address> addresses, byte[] request, int bodySize) {
        return parse(Rtnetlink.answer(Interfaces.of(addresses), request, PORT_ID), bodySize);
    }

    private static Message loopback(List<Message> links) {
        return links.stream().filter(m -> m.type() == RTM_NEWLINK && m.attributes().containsKey(IFLA_IFNAME)
                && m.name(IFLA_IFNAME).equals("lo")).findFirst().orElseThrow();
    }

    @Test
    void loopbackIsAsTheHostsKernelTellsIt() {
        byte[] links = request(RTM_GETLINK, NLM_F_DUMP, 0, IFINFOMSG_SIZE);
        Message host = loopback(host(links, IFINFOMSG_SIZE));
        Message ours = loopback(lamina(List.of(), links, IFINFOMSG_SIZE));
        assertEquals(host.b().getShort(IFINFOMSG_TYPE), ours.b().getShort(IFINFOMSG_TYPE));
        assertEquals(host.b().getInt(IFINFOMSG_INDEX), ours.b().getInt(IFINFOMSG_INDEX));
        assertEquals(Integer.toHexString(host.b().getInt(IFINFOMSG_FLAGS)), Integer.toHexString(ours.b().getInt(IFINFOMSG_FLAGS)));
        for (int attribute : ours.attributes().keySet())
            if (attribute != IFLA_STATS)
                assertArrayEquals(host.attributes().get(attribute), ours.attributes().get(attribute), "IFLA " + attribute);

        byte[] addresses = request(RTM_GETADDR, NLM_F_DUMP, Flags.AF_INET, IFADDRMSG_SIZE);
        Message hostLo = host(addresses, IFADDRMSG_SIZE).getFirst();
        Message ourLo = lamina(List.of(), addresses, IFADDRMSG_SIZE).getFirst();
        assertArrayEquals(hostLo.body(), ourLo.body());
        for (int attribute : List.of(IFA_ADDRESS, IFA_LOCAL, IFA_LABEL))
            assertArrayEquals(hostLo.attributes().get(attribute), ourLo.attributes().get(attribute), "IFA " + attribute);
    }

    @Test
    void aContainersAddressRoutesAndErrors() throws Exception {
        Fabric.Address a = new Fabric.Address("n", (Inet4Address) InetAddress.getByName("172.18.0.5"), 16,
                (Inet4Address) InetAddress.getByName("172.18.0.1"));
        List<Message> links = lamina(List.of(a), request(RTM_GETLINK, NLM_F_DUMP, 0, IFINFOMSG_SIZE), IFINFOMSG_SIZE);
        assertEquals(List.of(RTM_NEWLINK, RTM_NEWLINK, NLMSG_DONE), links.stream().map(Message::type).toList());
        for (Message m : links) {
            assertEquals(SEQ, m.seq());
            assertEquals(PORT_ID, m.pid());
            assertEquals(NLM_F_MULTI, m.flags());
        }
        assertEquals("eth0", links.get(1).name(IFLA_IFNAME));
        assertArrayEquals(new byte[] {2, 0x42, (byte) 172, 18, 0, 5}, links.get(1).attributes().get(IFLA_ADDRESS));

        List<Message> addresses = lamina(List.of(a), request(RTM_GETADDR, NLM_F_DUMP, Flags.AF_INET, IFADDRMSG_SIZE), IFADDRMSG_SIZE);
        Message eth0 = addresses.get(1);
        assertEquals(16, eth0.body()[IFADDRMSG_PREFIXLEN]);
        assertEquals(2, eth0.b().getInt(IFADDRMSG_INDEX));
        assertArrayEquals(new byte[] {(byte) 172, 18, 0, 5}, eth0.attributes().get(IFA_LOCAL));
        assertArrayEquals(new byte[] {(byte) 172, 18, (byte) 255, (byte) 255}, eth0.attributes().get(IFA_BROADCAST));

        List<Message> routes = lamina(List.of(a), request(RTM_GETROUTE, NLM_F_DUMP, Flags.AF_INET, RTMSG_SIZE), RTMSG_SIZE);
        Message byDefault = routes.get(0), subnet = routes.get(1);
        assertEquals(0, byDefault.body()[RTMSG_DST_LEN]);
        assertArrayEquals(new byte[] {(byte) 172, 18, 0, 1}, byDefault.attributes().get(RTA_GATEWAY));
        assertArrayEquals(new byte[] {(byte) 172, 18, 0, 0}, subnet.attributes().get(RTA_DST));
        assertEquals((byte) RT_SCOPE_LINK, subnet.body()[RTMSG_SCOPE]);
        assertArrayEquals(new byte[] {(byte) 172, 18, 0, 5}, subnet.attributes().get(RTA_PREFSRC));
        assertEquals(NLMSG_DONE, routes.getLast().type());

        // A change is refused as without CAP_NET_ADMIN, the request echoed.
        byte[] add = request(RTM_NEWADDR, NLM_F_ACK, Flags.AF_INET, IFADDRMSG_SIZE);
        Message refused = lamina(List.of(a), add, 0).getFirst();
        assertEquals(NLMSG_ERROR, refused.type());
        assertEquals(-Errno.EPERM, refused.b().getInt(0));
        assertArrayEquals(add, Arrays.copyOfRange(refused.body(), 4, 4 + add.length));
    }

    /** /proc/net/route (busybox route, scripts finding the gateway): the same routes, in the host kernel's format. */
    @Test
    void procNetRouteListsTheSameRoutesAsTheHostsKernelPrintsThem() throws Exception {
        Fabric.Address a = new Fabric.Address("n", (Inet4Address) InetAddress.getByName("172.18.0.5"), 16,
                (Inet4Address) InetAddress.getByName("172.18.0.1"));
        List<String> lines = Interfaces.procNetRoute(List.of(a)).lines().toList();
        List<String> host = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/route"));
        assertEquals(host.getFirst(), lines.getFirst());
        assertEquals(List.of("eth0\t00000000\t010012AC\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "eth0\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0"), lines.subList(1, 3).stream().map(String::stripTrailing).toList());
        for (String l : lines) assertEquals(host.getFirst().length(), l.length(), "padded as Linux pads: " + l);
    }

    @Test
    void aDumpLongerThanADatagramIsSplitBetweenMessages() throws Exception {
        List<Fabric.Address> many = new ArrayList<>();
        for (int i = 0; i < 40; i++)
            many.add(new Fabric.Address("n" + i, (Inet4Address) InetAddress.getByName("10." + i + ".0.2"), 24,
                    (Inet4Address) InetAddress.getByName("10." + i + ".0.1")));
        List<byte[]> datagrams = Rtnetlink.answer(Interfaces.of(many), request(RTM_GETLINK, NLM_F_DUMP, 0, IFINFOMSG_SIZE), PORT_ID);
        assertTrue(datagrams.size() > 1, "datagrams: " + datagrams.size());
        for (byte[] d : datagrams) assertTrue(d.length <= Rtnetlink.DATAGRAM_MAX, "datagram of " + d.length);
        List<Message> all = parse(datagrams, IFINFOMSG_SIZE);
        assertEquals(42, all.size());
        assertEquals("eth39", all.get(40).name(IFLA_IFNAME));
    }
}
