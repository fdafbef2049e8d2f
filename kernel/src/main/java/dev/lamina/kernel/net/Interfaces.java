package dev.lamina.kernel.net;

import dev.lamina.kernel.Fabric;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A container's network interfaces as its guests see them: lo, and eth0, eth1, ...
 * for its addresses on the engine's networks (in order), each with Docker's MAC
 * address (02:42 and the IPv4 address). They answer the interface ioctls busybox
 * ifconfig makes (SIOCGIF*) and rtnetlink's requests (Rtnetlink), and make /proc/net/dev.
 */
public final class Interfaces {
    static final int IFREQ_SIZE = 40, IFNAMSIZ = 16, SIOCGIFCONF = 0x8912, MAX = 8;
    private static final int SIOCGIFFLAGS = 0x8913, SIOCGIFADDR = 0x8915, SIOCGIFDSTADDR = 0x8917,
            SIOCGIFBRDADDR = 0x8919, SIOCGIFNETMASK = 0x891b, SIOCGIFMETRIC = 0x891d, SIOCGIFMTU = 0x8921,
            SIOCGIFHWADDR = 0x8927, SIOCGIFINDEX = 0x8933, SIOCGIFTXQLEN = 0x8942;
    private static final int IFF_UP = 0x1, IFF_BROADCAST = 0x2, IFF_LOOPBACK = 0x8, IFF_RUNNING = 0x40, IFF_MULTICAST = 0x1000;
    private static final int ARPHRD_ETHER = 1, ARPHRD_LOOPBACK = 772, AF_INET = 2;
    private static final int LOOPBACK = 127 << 24 | 1;
    private static final int RTF_UP = 0x1, RTF_GATEWAY = 0x2;

    /** One interface: its IPv4 address with its prefix length, and its network's gateway (0 for lo and an internal network's). */
    record Interface(String name, int index, int flags, int mtu, int ip, int prefix, int gateway) {
        int netmask() { return prefix == 0 ? 0 : -1 << (32 - prefix); }
        boolean loopback() { return (flags & IFF_LOOPBACK) != 0; }
        int type() { return loopback() ? ARPHRD_LOOPBACK : ARPHRD_ETHER; }
        int broadcast() { return loopback() ? 0 : ip | ~netmask(); }
        /** Its hardware address: none (zeros) for lo, Docker's 02:42 and the IPv4 address for the others. */
        byte[] mac() {
            return loopback() ? new byte[6]
                    : new byte[] {0x02, 0x42, (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
        }
        int txqueue() { return loopback() ? 1000 : 0; }
    }

    private Interfaces() {}

    static List<Interface> of(List<Fabric.Address> addresses) {
        List<Interface> all = new ArrayList<>();
        all.add(new Interface("lo", 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING, 65536, LOOPBACK, 8, 0));
        for (Fabric.Address a : addresses)
            all.add(new Interface("eth" + (all.size() - 1), all.size() + 1, IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST,
                    1500, Fabric.bits(a.ip()), a.prefix(), a.internal() ? 0 : Fabric.bits(a.gateway())));
        return all;
    }

    /** The ifreq a SIOCGIF* request answers for the interface it names (ENODEV for none); for SIOCGIFCONF, every one's. */
    static byte[] ioctl(List<Fabric.Address> addresses, int request, byte[] ifreq) {
        if (request == SIOCGIFCONF) {
            List<Interface> all = of(addresses);
            ByteBuffer list = ByteBuffer.allocate(Math.min(all.size(), MAX) * IFREQ_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < all.size() && n < MAX; n++) {
                byte[] name = all.get(n).name.getBytes(StandardCharsets.US_ASCII);
                byte[] one = new byte[IFREQ_SIZE];
                System.arraycopy(name, 0, one, 0, name.length);
                list.put(n * IFREQ_SIZE, ioctl(addresses, SIOCGIFADDR, one));
            }
            return list.array();
        }
        int len = 0;
        while (len < IFNAMSIZ && ifreq[len] != 0) len++;
        String name = new String(ifreq, 0, len, StandardCharsets.US_ASCII);
        Interface i = of(addresses).stream().filter(x -> x.name.equals(name)).findFirst()
                .orElseThrow(() -> new LinuxError(Errno.ENODEV));
        ByteBuffer out = ByteBuffer.wrap(Arrays.copyOf(ifreq, IFREQ_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(IFNAMSIZ, new byte[IFREQ_SIZE - IFNAMSIZ]);
        switch (request) {
            case SIOCGIFFLAGS -> out.putShort(IFNAMSIZ, (short) i.flags);
            case SIOCGIFADDR -> address(out, i.ip);
            case SIOCGIFDSTADDR -> address(out, 0);
            case SIOCGIFBRDADDR -> address(out, i.broadcast());
            case SIOCGIFNETMASK -> address(out, i.netmask());
            case SIOCGIFMETRIC -> out.putInt(IFNAMSIZ, 0);
            case SIOCGIFMTU -> out.putInt(IFNAMSIZ, i.mtu);
            case SIOCGIFINDEX -> out.putInt(IFNAMSIZ, i.index);
            case SIOCGIFTXQLEN -> out.putInt(IFNAMSIZ, i.txqueue());
            case SIOCGIFHWADDR -> {
                out.putShort(IFNAMSIZ, (short) i.type());
                out.put(IFNAMSIZ + 2, i.mac());
            }
            default -> throw new LinuxError(Errno.EINVAL);
        }
        return out.array();
    }

    /** The host's SIOCGIFCONF list for a container not on the engine's networks (its interfaces are the host's). */
    static byte[] hostList(HostCalls h, int fd) {
        MemorySegment buf = h.scratch(16 + MAX * IFREQ_SIZE);
        MemorySegment list = buf.asSlice(16);
        buf.set(ValueLayout.JAVA_INT, 0, MAX * IFREQ_SIZE);
        buf.set(ValueLayout.JAVA_LONG, 8, list.address());
        LinuxError.check(h.syscall(Sysno.IOCTL, fd, SIOCGIFCONF, buf.address()));
        return list.asSlice(0, buf.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE);
    }

    private static void address(ByteBuffer out, int ip) {
        out.putShort(IFNAMSIZ, (short) AF_INET);
        out.order(ByteOrder.BIG_ENDIAN).putInt(IFNAMSIZ + 4, ip).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * /proc/net/route: the main table's routes as {@link Rtnetlink} lists them (the default
     * route through the first network with a gateway, then each network's subnet), as
     * Linux prints them: addresses in network order read as host-order words, each line
     * padded to 127 characters.
     */
    public static String procNetRoute(List<Fabric.Address> addresses) {
        StringBuilder b = new StringBuilder(padded("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"));
        List<Interface> all = of(addresses);
        all.stream().filter(i -> i.gateway != 0).findFirst()
                .ifPresent(i -> b.append(routeLine(i, 0, i.gateway, RTF_UP | RTF_GATEWAY, 0)));
        for (Interface i : all)
            if (!i.loopback()) b.append(routeLine(i, i.ip & i.netmask(), 0, RTF_UP, i.netmask()));
        return b.toString();
    }

    private static String routeLine(Interface i, int dst, int gateway, int flags, int mask) {
        return padded(String.format(java.util.Locale.ROOT, "%s\t%08X\t%08X\t%04X\t%d\t%d\t%d\t%08X\t%d\t%d\t%d",
                i.name, Integer.reverseBytes(dst), Integer.reverseBytes(gateway), flags, 0, 0, 0, Integer.reverseBytes(mask), 0, 0, 0));
    }

    private static String padded(String line) {
        return String.format(java.util.Locale.ROOT, "%-127s", line) + "\n";
    }

    /** /proc/net/dev with the container's interfaces (no traffic counted). */
    public static String procNetDev(List<Fabric.Address> addresses) {
        StringBuilder b = new StringBuilder("Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n");
        for (Interface i : of(addresses))
            b.append(String.format("%6s:%8d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d%n",
                    i.name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        return b.toString();
    }
}
