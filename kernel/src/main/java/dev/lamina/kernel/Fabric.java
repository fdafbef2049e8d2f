package dev.lamina.kernel;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.net.PortSpace;
import dev.lamina.kernel.net.RouteEpoch;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks of every container of one engine, as their kernels need them: which
 * IPv4 addresses each container has on which network, and, while it runs, its port
 * space. There is no network namespace: a guest connect or send to a container address
 * is translated by the sender's kernel to the host port the target's kernel bound for
 * that guest port (on loopback), when the two share a network. The sender's socket is
 * bound first at a loopback address of its own container (127.1.x.y, one per member),
 * so the target's kernel tells by the peer's host address who is calling and shows the
 * caller's container address (accept, getpeername, recvfrom).
 */
public final class Fabric {
    /**
     * One address of a container: on {@code network} (any unique name), with its subnet's prefix and
     * gateway; an internal network's ({@code docker network create --internal}) leads to no host.
     */
    public record Address(String network, Inet4Address ip, int prefix, Inet4Address gateway, boolean internal) {
        public Address(String network, Inet4Address ip, int prefix, Inet4Address gateway) {
            this(network, ip, prefix, gateway, false);
        }

        public boolean inSubnet(int a) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (a & mask) == (bits(ip) & mask);
        }
    }

    /** Where a send to an address leads, from one member's view. */
    public sealed interface Route {
        /** Not a container address: the host's network decides. */
        record Host() implements Route {}

        /** No network shared with it, or no container there: unreachable. */
        record Unreachable(int errno) implements Route {}

        /** A gateway: the host itself, on its loopback. */
        record Gateway() implements Route {}

        /** Another container's (or the sender's own) port space, and the sender's address on the shared network. */
        record Container(PortSpace target, Inet4Address self) implements Route {}
    }

    /**
     * Where a member's name server answers on the host's loopback (127.0.0.1), by UDP and by TCP:
     * what its guests send to Docker's embedded DNS address, 127.0.0.11:53, reaches it there.
     */
    public record NameServer(int udpPort, int tcpPort) {
        public int port(PortPlan.Protocol protocol) { return protocol == PortPlan.Protocol.TCP ? tcpPort : udpPort; }
    }

    private static final class Member {
        List<Address> addresses = List.of();
        PortSpace ports;
        NameServer nameServer;
        final int loopback;

        Member(int loopback) { this.loopback = loopback; }
    }

    private final Map<String, Member> members = new HashMap<>();
    private final RouteEpoch epoch = new RouteEpoch();
    /** Members' TCP sockets an IPv4 connect reaches, by host port (two may share one at other addresses). */
    private final Map<Integer, List<Served>> served = new java.util.concurrent.ConcurrentHashMap<>();

    /** A member's TCP socket bound at a host address ({@link #ANY_ADDRESS}: every one) for one of its guest ports. */
    public record Served(String member, int guestPort, int hostAddress) {
        boolean at(int address) { return hostAddress == ANY_ADDRESS || hostAddress == address; }
    }

    /** Served.hostAddress of a socket bound at the wildcard address. */
    public static final int ANY_ADDRESS = 0;
    /** The next member's loopback address: 127.1.0.1 on (127.0.0.0/8 is all loopback on Linux). */
    private int nextLoopback = 127 << 24 | 1 << 16 | 1;

    private Member member(String id) {
        return members.computeIfAbsent(id, k -> new Member(nextLoopback++));
    }

    /** Counts the changes to where a connect leads, for the routes init hosts keep. */
    public RouteEpoch epoch() { return epoch; }

    /** Sets a container's addresses (none: only loopback, as with --network none). */
    public synchronized void addresses(String id, List<Address> addresses) {
        member(id).addresses = List.copyOf(addresses);
        epoch.bump();
    }

    /** Sets (null: clears) where a container's name server answers. */
    public synchronized void nameServer(String id, NameServer ns) {
        Member m = ns == null ? members.get(id) : member(id);
        if (m != null) m.nameServer = ns;
        epoch.bump();
    }

    /** Where a container's name server answers; null when it has none (then 127.0.0.11 is plain loopback). */
    public synchronized NameServer nameServerOf(String id) {
        Member m = members.get(id);
        return m == null ? null : m.nameServer;
    }

    /** Forgets a container (removed). */
    public synchronized void remove(String id) {
        members.remove(id);
        epoch.bump();
    }

    /** A running container's port space joins; returns its loopback address (as an int). */
    public synchronized int join(String id, PortSpace ports) {
        Member m = member(id);
        m.ports = ports;
        epoch.bump();
        return m.loopback;
    }

    /** Its run ended. */
    public synchronized void leave(String id, PortSpace ports) {
        Member m = members.get(id);
        if (m != null && m.ports == ports) m.ports = null;
        served.replaceAll((p, l) -> l.stream().filter(x -> !x.member().equals(id)).toList());
        served.values().removeIf(List::isEmpty);
        epoch.bump();
    }

    /** Where a send from {@code from} to the IPv4 address {@code to} leads. */
    public synchronized Route route(String from, int to) {
        Member self = members.get(from);
        List<Address> mine = self == null ? List.of() : self.addresses;
        for (Address a : mine) {
            if (!a.inSubnet(to)) continue;
            if (bits(a.gateway()) == to) return a.internal() ? new Route.Unreachable(Errno.ENETUNREACH) : new Route.Gateway();
            for (Member m : members.values())
                for (Address b : m.addresses)
                    if (b.network().equals(a.network()) && bits(b.ip()) == to)
                        return m.ports == null ? new Route.Unreachable(Errno.EHOSTUNREACH) : new Route.Container(m.ports, a.ip());
            return new Route.Unreachable(Errno.EHOSTUNREACH);
        }
        // No route off its networks: Docker gives such a container no default route.
        if (mine.stream().allMatch(Address::internal)) return new Route.Unreachable(Errno.ENETUNREACH);
        // Another network's gateway is the host too; its containers are unreachable, as between Docker's bridges.
        for (Member m : members.values())
            for (Address b : m.addresses)
                if (bits(b.gateway()) == to) return new Route.Gateway();
        for (Member m : members.values())
            for (Address b : m.addresses)
                if (b.inSubnet(to)) return new Route.Unreachable(Errno.EHOSTUNREACH);
        return new Route.Host();
    }

    /** A member's kernel bound a TCP socket, which IPv4 connects reach, of a guest port at a host port. */
    public void serving(int hostPort, Served s) {
        served.compute(hostPort, (p, l) -> l == null ? List.of(s) : l.contains(s) ? l
                : java.util.stream.Stream.concat(l.stream(), java.util.stream.Stream.of(s)).toList());
    }

    /** That socket is gone. */
    public void notServing(int hostPort, Served s) {
        served.computeIfPresent(hostPort, (p, l) -> {
            List<Served> left = l.stream().filter(x -> !x.equals(s)).toList();
            return left.isEmpty() ? null : left;
        });
    }

    /** Whose TCP socket an IPv4 connect to this host address and port reaches, or null. */
    public Served servedAt(int hostAddress, int hostPort) {
        for (Served s : served.getOrDefault(hostPort, List.of()))
            if (s.at(hostAddress)) return s;
        return null;
    }

    /** [other's address, self's address] on the first network the two share, or null. */
    public synchronized Inet4Address[] between(String self, String other) {
        Member me = members.get(self), them = members.get(other);
        if (me == null || them == null) return null;
        for (Address a : me.addresses)
            for (Address b : them.addresses)
                if (a.network().equals(b.network())) return new Inet4Address[] {b.ip(), a.ip()};
        return null;
    }

    /**
     * The container address of a peer that {@code self} sees at the host loopback
     * address {@code hostPeer}, with {@code self}'s own address on the network they share;
     * null when the peer is no member's.
     */
    public synchronized Inet4Address[] peer(String self, int hostPeer) {
        Member me = members.get(self);
        if (me == null) return null;
        for (Member m : members.values()) {
            if (m.loopback != hostPeer) continue;
            for (Address a : me.addresses)
                for (Address b : m.addresses)
                    if (a.network().equals(b.network())) return new Inet4Address[] {b.ip(), a.ip()};
            return null;
        }
        return null;
    }

    /**
     * Whether a member reaches no host at all, only its networks' containers: it is on no
     * network (--network none) or on internal ones only. Its loopback is then its own alone.
     */
    public synchronized boolean isolated(String id) {
        Member m = members.get(id);
        return m != null && m.addresses.stream().allMatch(Address::internal);
    }

    /** A member's addresses, in the order its networks were given (its interfaces eth0, eth1, ...). */
    public synchronized List<Address> addressesOf(String id) {
        Member m = members.get(id);
        return m == null ? List.of() : m.addresses;
    }

    public static int bits(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 255) << 24 | (b[1] & 255) << 16 | (b[2] & 255) << 8 | b[3] & 255;
    }
}
