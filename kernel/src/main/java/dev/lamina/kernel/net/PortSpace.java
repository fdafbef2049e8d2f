package dev.lamina.kernel.net;

import dev.lamina.kernel.Fabric;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.PortPlan.Published;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A container's ports (its {@link PortPlan}). With a port space of its own,
 * the init host sends every bind and listen here with the socket, and the
 * kernel binds it: a published guest port at its host address and port
 * (reserved since the start), any other on loopback at a port the host
 * picks, and records the pair, so that the guest sees its own port
 * (getsockname, /proc/net) and reaches it on loopback. A socket's record
 * goes when the container no longer holds the socket.
 *
 * <p>Port 0 is the host's pick, and the guest's port is the host's. A UDP
 * socket is bound as asked (a sendto would bind it so anyway, and musl's
 * resolver binds the wildcard before it queries a name server); a TCP one
 * bound away from loopback is bound when it listens, or when getsockname asks
 * for its port (on loopback then), and a connect binds it where Linux would:
 * a client that binds before it connects (busybox nc) still reaches any host.
 */
public final class PortSpace {
    /** A guest socket the kernel bound: what the guest asked for, where it is on the host. */
    private record Bound(Protocol protocol, SockAddr guest, SockAddr host, boolean v6only, boolean published) {
        /** Whether the address the guest bound takes what is sent to {@code to}, as Linux decides:
         * a wildcard takes its family's (IPv6's takes IPv4 too unless IPV6_V6ONLY). */
        boolean covers(SockAddr to) {
            if (!guest.wildcard()) return guest.sameAddress(to);
            return to.ipv4() ? guest.ipv4() || !v6only : !guest.ipv4();
        }

        /** Whether {@code a} is where the host socket is, or a connection to it arrived. */
        boolean hostAt(SockAddr a) { return a.port() == host.port() && (host.wildcard() || host.sameAddress(a)); }
    }

    /**
     * A TCP client of another container: the container address it shows (null when the
     * guest bound it itself: then its record in {@link #bound} says), its port being the
     * host's; the peer's host address it was sent to, and the guest address that stands for.
     */
    private record Client(Inet4Address self, SockAddr hostPeer, SockAddr peer) {}

    /** Docker's embedded DNS address, 127.0.0.11, its port, and the host's loopback address, where the engine answers for it. */
    private static final int NAME_SERVER = 127 << 24 | 11, DNS_PORT = 53, LOOPBACK = 127 << 24 | 1;

    private final PortPlan plan;
    private final Reservations reserved;
    /** The engine's networks, when the container is on them (else null), and its loopback address there. */
    private final Fabric fabric;
    private final int alias;
    /** The NETLINK_ROUTE sockets the kernel answers, on the engine's networks (else null: the host's). */
    private final NetlinkSockets netlink;
    /** The ICMP echo sockets the kernel answers, on the engine's networks (else null: the host's). */
    private final EchoSockets echo;
    /** Client sockets made ahead for the init hosts' connects to other containers, on the engine's networks. */
    private final ClientSockets clientStock;
    /** The inodes of the sockets the container's processes hold, and those of containers that share the space. */
    private final List<Supplier<Set<Long>>> holders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Long, Bound> bound = new HashMap<>();
    /** TCP sockets bound to port 0 away from loopback, not yet bound on the host: what the guest asked for. */
    private final Map<Long, SockAddr> pending = new HashMap<>();
    /** Records are dropped for sockets gone when there are this many (then twice as many as are left). */
    private int pruneAt = 64;
    /**
     * TCP sockets that connected to another container (bindClient): apart from {@link #bound},
     * which lookups by guest port walk, as nothing connects to a client's port.
     */
    private final Map<Long, Client> clients = new HashMap<>();
    private int clientsPruneAt = CLIENTS_PRUNE_MIN;
    /** Dropping records takes a walk of every process's descriptors; for clients it is done this seldom at least. */
    private static final int CLIENTS_PRUNE_MIN = 1024;

    /** Reserves the plan's published ports (PortUnavailableException when one cannot be had). */
    public PortSpace(PortPlan plan, HostCalls h, Supplier<Set<Long>> held) {
        this.plan = plan;
        holders.add(held);
        this.reserved = new Reservations(h, plan);
        this.fabric = plan.ownSpace() ? plan.fabric() : null;
        this.alias = fabric == null ? 0 : fabric.join(plan.member(), this);
        this.netlink = fabric == null ? null : new NetlinkSockets(this::held);
        this.echo = fabric == null ? null : new EchoSockets(this::held);
        this.clientStock = fabric == null ? null : new ClientSockets(alias);
    }

    public PortPlan plan() { return plan; }

    /** Another container joins this space (PortPlan.sharing), its sockets held as {@code held} says. */
    public PortSpace join(Supplier<Set<Long>> held) {
        holders.add(held);
        return this;
    }

    /** It has left (its run ended); the space stays its owner's. */
    public void leave(Supplier<Set<Long>> held) { holders.remove(held); }

    private Set<Long> held() {
        if (holders.size() == 1) return holders.getFirst().get();
        Set<Long> all = new java.util.HashSet<>();
        for (Supplier<Set<Long>> h : holders) all.addAll(h.get());
        return all;
    }

    /** Every published mapping with its host port. */
    public List<PortPlan.HostPort> published() { return reserved.ports(); }

    public void close(HostCalls h) {
        if (fabric != null) fabric.leave(plan.member(), this);
        if (netlink != null) netlink.close(h);
        if (echo != null) echo.close(h);
        if (clientStock != null) clientStock.close(h);
        reserved.close(h);
    }

    /** A bind of the guest's socket (the kernel's copy of it), to the address it gave. */
    public synchronized long bind(HostCalls h, int fd, byte[] addr) {
        GuestSocket s = GuestSocket.of(h, fd);
        if (netlink != null && netlink.owns(s.inode())) return netlink.bind(s.inode(), addr);
        if (!s.inet()) return bindOther(h, s, addr);
        SockAddr want = SockAddr.parse(addr, s.domain());
        Protocol protocol = s.protocol();
        if (!plan.ownSpace() || s.ping()) return s.bind(h, want.encode());
        if (protocol == null) return -Errno.EACCES;
        if (s.name(h).port() != 0 || pending.containsKey(s.inode())) return -Errno.EINVAL;
        prune();
        if (want.port() == 0) {
            if (protocol == Protocol.UDP || want.isLoopback()) return s.bind(h, want.encode());
            pending.put(s.inode(), want);
            return 0;
        }
        Published pub = want.isLoopback() ? null : plan.find(want.port(), protocol);
        SockAddr host = pub == null ? null
                : pub.hostIp() == null ? SockAddr.any(s.domain()) : SockAddr.of(pub.hostIp(), s.domain());
        // An IPv6-only socket cannot have an IPv4 host address: a port published on one is for the container's IPv4
        // socket (dnsmasq binds both); this one is bound as on a port not published.
        if (host != null && s.v6only() && host.ipv4()) host = null;
        if (host != null) {
            long r = reserved.bind(h, pub, s, host.withPort(reserved.port(pub)));
            return r < 0 ? r : record(h, s, protocol, want, true);
        } else {
            host = want.isLoopback() ? want.withPort(0) : SockAddr.loopback(s.domain(), s.v6only());
            if (sharing(protocol, want.port(), host) != null) pruneNow();
            Bound other = sharing(protocol, want.port(), host);
            if (other != null) host = host.withPort(other.host.port());
        }
        return bindAt(h, s, protocol, want, host);
    }

    /**
     * Another socket of the container on the same guest port, on the host at an address of
     * the same family: the new one is bound at its host port, so that the host decides, as
     * it would have for the guest, whether both may have it (SO_REUSEADDR, SO_REUSEPORT, or
     * EADDRINUSE).
     */
    private Bound sharing(Protocol protocol, int guestPort, SockAddr host) {
        for (Bound b : bound.values())
            if (b.protocol == protocol && b.guest.port() == guestPort && b.host.ipv4() == host.ipv4()) return b;
        return null;
    }

    private long bindAt(HostCalls h, GuestSocket s, Protocol protocol, SockAddr guest, SockAddr host) {
        long r = s.bind(h, host.encode());
        return r < 0 ? r : record(h, s, protocol, guest, false);
    }

    /** Remembers where s, just bound on the host, is for the guest ({@code guest}; its port 0: the host's pick). */
    private long record(HostCalls h, GuestSocket s, Protocol protocol, SockAddr guest, boolean published) {
        SockAddr actual = s.name(h);
        Bound b = new Bound(protocol, guest.port() == 0 ? guest.withPort(actual.port()) : guest, actual, s.v6only(), published);
        bound.put(s.inode(), b);
        Fabric.Served served = served(b);
        if (served != null) fabric.serving(actual.port(), served);
        routesChanged();
        return 0;
    }

    /**
     * Families other than IPv4 and IPv6, bound as asked: abstract and unnamed unix
     * sockets (by path they come through OP_UNIX_PATH; here one would be the kernel's
     * own path), netlink (multicast groups of other protocols than routing and uevents
     * want rights the guest lacks and the kernel may have), packet, crypto and vsock.
     */
    private static long bindOther(HostCalls h, GuestSocket s, byte[] addr) {
        boolean allowed = switch (s.domain()) {
            case Flags.AF_UNIX -> addr.length <= 2 || addr[2] == 0;
            case Flags.AF_NETLINK -> addr.length < Layouts.SOCKADDR_NL_GROUPS + 4 || s.ipProtocol() == Flags.NETLINK_ROUTE
                    || s.ipProtocol() == Flags.NETLINK_KOBJECT_UEVENT
                    || ByteBuffer.wrap(addr).order(ByteOrder.LITTLE_ENDIAN).getInt(Layouts.SOCKADDR_NL_GROUPS) == 0;
            case Flags.AF_PACKET, Flags.AF_ALG, Flags.AF_VSOCK -> true;
            default -> false;
        };
        return allowed ? s.bind(h, addr) : -Errno.EACCES;
    }

    /** A listen: an unbound TCP socket is bound on loopback first (Linux would take a port on every interface). */
    public synchronized long listen(HostCalls h, int fd, int backlog) {
        GuestSocket s = GuestSocket.of(h, fd);
        if (s.inet() && plan.ownSpace() && s.name(h).port() == 0) {
            if (s.protocol() != Protocol.TCP) return -Errno.EOPNOTSUPP;
            long r = bindPending(h, s);
            if (r < 0) return r;
        }
        pending.remove(s.inode());
        Bound b = bound.get(s.inode());
        if (b != null && b.published && b.protocol == Protocol.TCP) return Reservations.listen(h, s, backlog);
        return h.syscall(Sysno.LISTEN, fd, backlog);
    }

    /** Binds an unbound TCP socket on loopback at a port the host picks; the guest sees the address it asked for. */
    private long bindPending(HostCalls h, GuestSocket s) {
        SockAddr asked = pending.remove(s.inode());
        prune();
        return bindAt(h, s, Protocol.TCP, asked != null ? asked : SockAddr.any(s.domain()),
                SockAddr.loopback(s.domain(), s.v6only()));
    }

    /** getsockname (peer false) or getpeername as the guest sees it. */
    public synchronized byte[] name(HostCalls h, int fd, boolean peer) {
        GuestSocket s = GuestSocket.of(h, fd);
        if (netlink != null && netlink.owns(s.inode())) return netlink.name(s.inode(), peer);
        if (!s.inet() || !plan.ownSpace()) return GuestSocket.address(h, fd, peer ? Sysno.GETPEERNAME : Sysno.GETSOCKNAME);
        Protocol protocol = s.protocol();
        if (peer) return guestPeer(protocol, s.inode(), s.peer(h), s.name(h)).encode();
        SockAddr at = s.name(h);
        if (pending.containsKey(s.inode())) {
            if (at.port() == 0) LinuxError.check(bindPending(h, s)); // the guest wants its port: a server's
            else pending.remove(s.inode()); // a connect bound it
        }
        Bound b = bound.get(s.inode());
        if (b != null) return b.guest.encode();
        SockAddr hostPeer = hostPeer(h, s);
        SockAddr local = guestLocal(protocol, s.inode(), s.name(h), hostPeer);
        if (fabric != null && protocol == Protocol.TCP && hostPeer != null) {
            // A connection another container made: this end shows this container's address on their network.
            Integer bits = hostPeer.ipv4Bits();
            Inet4Address[] p = bits == null || !hostPeer.isLoopback() ? null : fabric.peer(plan.member(), bits);
            if (p != null) local = SockAddr.of(p[1], local.family()).withPort(local.port());
        }
        return local.encode();
    }

    /** Where a socket is connected to on the host; null when it is not. */
    private static SockAddr hostPeer(HostCalls h, GuestSocket s) {
        try {
            return s.peer(h);
        } catch (LinuxError e) {
            return null;
        }
    }

    /**
     * [local, peer] as the guest sees them for a TCP client this container's init host connected
     * to a container (another, or itself by its address) from a client socket (tcp_connect.c: no
     * record of it here): bound at this container's loopback address, connected to the host port
     * the target's kernel bound ({@code hostPeer}; null: not connected, when the local address is
     * this container's first). Null for any other socket, or a peer that is no member's now.
     */
    private SockAddr[] servedClient(SockAddr hostLocal, SockAddr hostPeer) {
        Integer local = hostLocal.ipv4Bits(), peer = hostPeer == null ? null : hostPeer.ipv4Bits();
        if (fabric == null || local == null || local != alias) return null;
        if (hostPeer == null) {
            List<Fabric.Address> mine = fabric.addressesOf(plan.member());
            return mine.isEmpty() ? null : new SockAddr[] {SockAddr.of(mine.getFirst().ip(), hostLocal.family()).withPort(hostLocal.port()), null};
        }
        Fabric.Served there = peer == null ? null : fabric.servedAt(peer, hostPeer.port());
        Inet4Address[] p = there == null ? null : fabric.between(plan.member(), there.member());
        if (p == null) return null;
        return new SockAddr[] {SockAddr.of(p[1], hostLocal.family()).withPort(hostLocal.port()),
                SockAddr.of(p[0], hostPeer.family()).withPort(there.guestPort())};
    }

    /**
     * An interface ioctl (SIOCGIF*) on the guest's socket: on the engine's networks, the
     * container's own interfaces answer (lo, and eth0... for its addresses); otherwise the host's.
     */
    public byte[] interfaceRequest(HostCalls h, int fd, int request, byte[] ifreq) {
        if (ifreq.length != Interfaces.IFREQ_SIZE) throw new LinuxError(Errno.EINVAL);
        if (fabric != null) return Interfaces.ioctl(interfaces(), request, ifreq);
        if (request == Interfaces.SIOCGIFCONF) return Interfaces.hostList(h, fd);
        java.lang.foreign.MemorySegment m = h.scratch(ifreq.length);
        java.lang.foreign.MemorySegment.copy(ifreq, 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, ifreq.length);
        LinuxError.check(h.syscall(dev.lamina.kernel.abi.Sysno.IOCTL, fd, request, m.address()));
        return m.asSlice(0, ifreq.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /**
     * socket(AF_NETLINK, type, NETLINK_ROUTE) by the guest process {@code pid}: on the engine's
     * networks a socket the kernel answers (see {@link #answersNetlink()}), else the host's.
     * Returns the descriptor to hand over.
     */
    public int netlinkSocket(HostCalls h, int type, int pid) {
        if (netlink != null) return netlink.open(h, type, pid);
        return (int) LinuxError.check(h.syscall(Sysno.SOCKET, Flags.AF_NETLINK, type, Flags.NETLINK_ROUTE));
    }

    public boolean answersNetlink() { return netlink != null; }

    /**
     * A message the guest sends on a socket, to {@code to} (empty: no address): answered when it is
     * one of the kernel's netlink or echo sockets (the bytes taken), else empty.
     */
    public OptionalLong netlinkSend(HostCalls h, int fd, byte[] to, byte[] message) {
        if (netlink == null) return OptionalLong.empty();
        long inode = GuestSocket.of(h, fd).inode();
        if (netlink.owns(inode)) return OptionalLong.of(netlink.send(h, inode, message, Interfaces.of(interfaces())));
        if (echo.owns(inode)) return OptionalLong.of(echo.send(h, inode, to, message, this::echoPath));
        return OptionalLong.empty();
    }

    /**
     * socket(AF_INET, SOCK_RAW or SOCK_DGRAM, IPPROTO_ICMP): on the engine's networks a socket
     * the kernel answers (EchoSockets), else -1: the host's to make, as the guest may.
     */
    public int echoSocket(HostCalls h, int type) { return echo == null ? -1 : echo.open(h, type); }

    /**
     * Where an echo request to {@code to} (IPv4 bits) is answered from, and to which of the
     * container's addresses: loopback by itself; a container or gateway on its networks by
     * that address (all are the host's, which answers); null (no reply) off the networks;
     * a container on no shared network is the route's error, as for a connect.
     */
    private EchoSockets.Path echoPath(int to) {
        if (to >>> 24 == 127) return new EchoSockets.Path(to, to);
        if (to == 0) return new EchoSockets.Path(LOOPBACK, LOOPBACK); // Linux takes 0.0.0.0 for this host
        return switch (fabric.route(plan.member(), to)) {
            case Fabric.Route.Host x -> null;
            case Fabric.Route.Unreachable u -> throw new LinuxError(u.errno());
            case Fabric.Route.Gateway g -> new EchoSockets.Path(to, ownAddressFor(to));
            case Fabric.Route.Container c -> new EchoSockets.Path(to, Fabric.bits(c.self()));
        };
    }

    /** The container's address in the subnet of {@code to}, else its first one. */
    private int ownAddressFor(int to) {
        List<Fabric.Address> mine = interfaces();
        for (Fabric.Address a : mine) if (a.inSubnet(to)) return Fabric.bits(a.ip());
        return mine.isEmpty() ? LOOPBACK : Fabric.bits(mine.getFirst().ip());
    }

    /**
     * Whether the container reaches no host (--network none, or internal networks only):
     * every destination is then the kernel's to decide (Protocol.PLAN_ISOLATED).
     */
    public boolean isolated() { return fabric != null && fabric.isolated(plan.member()); }

    /** The container's addresses on the engine's networks (one interface each); null when it is not on them. */
    public List<Fabric.Address> interfaces() {
        return fabric == null ? null : fabric.addressesOf(plan.member());
    }

    /** An address the guest receives (accept's, recvfrom's) as it sees it. */
    public byte[] source(HostCalls h, int fd, byte[] addr) {
        GuestSocket s = GuestSocket.of(h, fd);
        if (!s.inet() || !plan.ownSpace() || s.protocol() == null) return addr;
        SockAddr from;
        try {
            from = SockAddr.read(addr);
        } catch (LinuxError | IllegalArgumentException e) {
            return addr;
        }
        return guestPeer(s.protocol(), s.inode(), from, null).encode();
    }

    /**
     * A socket's host address as the guest sees it: its own bind's, or (an accepted connection's) its listener's
     * port; {@code hostPeer}, where it is connected to on the host (null: nowhere, or not known).
     */
    public synchronized SockAddr guestLocal(Protocol protocol, long inode, SockAddr host, SockAddr hostPeer) {
        Bound own = bound.get(inode);
        if (own != null) return own.guest;
        Client client = clients.get(inode);
        if (client != null && client.self != null) return SockAddr.of(client.self, host.family()).withPort(host.port());
        SockAddr[] served = protocol == Protocol.TCP ? servedClient(host, hostPeer) : null;
        if (served != null) return served[0];
        for (Bound b : bound.values())
            if (b.protocol == protocol && b.hostAt(host)) return host.withPort(b.guest.port());
        return host;
    }

    /**
     * A peer's host address as the guest sees it, for the socket {@code inode}: a client of another container
     * shows the address it connected to, the container's name server shows as 127.0.0.11:53 (musl takes an
     * answer only from the address it asked), one of its own sockets on loopback shows its guest port;
     * {@code hostLocal}: the socket's own host address (null: not known).
     */
    public synchronized SockAddr guestPeer(Protocol protocol, long inode, SockAddr host, SockAddr hostLocal) {
        Client client = clients.get(inode);
        if (client != null && client.hostPeer.port() == host.port() && client.hostPeer.sameAddress(host)) return client.peer;
        SockAddr[] served = protocol == Protocol.TCP && hostLocal != null ? servedClient(hostLocal, host) : null;
        if (served != null) return served[1];
        Integer bits = host.ipv4Bits();
        Fabric.NameServer ns = fabric == null ? null : fabric.nameServerOf(plan.member());
        if (ns != null && bits != null && bits == LOOPBACK && host.port() == ns.port(protocol))
            return SockAddr.ofBits(NAME_SERVER, DNS_PORT, host.family());
        if (fabric != null && bits != null && host.isLoopback()) {
            Inet4Address[] p = fabric.peer(plan.member(), bits);
            if (p != null) return SockAddr.of(p[0], host.family()).withPort(host.port());
        }
        if (host.isLoopback())
            for (Bound b : bound.values())
                if (b.protocol == protocol && b.hostAt(host)) return host.withPort(b.guest.port());
        return host;
    }

    /**
     * Where a connect or send leads: to one of the container's own guest ports on
     * loopback, the host port behind it; to another container's address on a network
     * they share, the host port its kernel bound for that guest port (the socket bound
     * first at this container's loopback address, so the other side knows the caller);
     * to a network's gateway, the host's loopback. Null when it leads where it says (a
     * host service, another container's published port, an address off the networks);
     * EHOSTUNREACH or ENETUNREACH when no shared network reaches it, ECONNREFUSED when
     * nothing listens there (a TCP loopback port not its own, on the engine's networks). An isolated container reaches only its own ports on loopback
     * and its networks' containers: anything else is ENETUNREACH.
     */
    public Destination destination(HostCalls h, int fd, byte[] addr) {
        GuestSocket s = GuestSocket.of(h, fd);
        Protocol protocol = s.protocol();
        if (!s.inet() || protocol == null || !plan.ownSpace()) return Destination.AS_SAID;
        SockAddr to;
        try {
            to = SockAddr.parse(addr, s.domain());
        } catch (LinuxError e) {
            return Destination.AS_SAID; // the host call says what is wrong with it
        }
        byte[] dns = nameServer(protocol, to, s.domain());
        if (dns != null) return new Destination(dns, false, false);
        // Where a TCP connect of an IPv4 socket leads on the engine's networks changes only as the epoch counts.
        boolean keep = fabric != null && protocol == Protocol.TCP && s.domain() == Flags.AF_INET;
        boolean isolated = isolated();
        // Linux takes a wildcard destination for the machine itself: its loopback (apache's prefork
        // wakes its children so, Node's clients of 0.0.0.0).
        if (to.wildcard()) to = SockAddr.loopback(to.family(), !to.ipv4()).withPort(to.port());
        if (to.isLoopback()) {
            byte[] own = ownDestination(protocol, to, s.domain());
            // On the engine's networks its loopback is its own, as in a namespace: no host service is
            // reached there by TCP (the gateway leads to the host). Datagrams still leave by the host's
            // (a resolver there: the host's resolv.conf may name one), unless it reaches no host at all.
            if (own == null && (isolated || fabric != null && protocol == Protocol.TCP)) throw new LinuxError(Errno.ECONNREFUSED);
            return new Destination(own, keep, false);
        }
        Integer bits = to.ipv4Bits();
        if (isolated && bits == null) throw new LinuxError(Errno.ENETUNREACH);
        if (fabric == null || bits == null || to.wildcard()) return Destination.AS_SAID;
        Fabric.Route route = fabric.route(plan.member(), bits);
        return switch (route) {
            case Fabric.Route.Host x -> new Destination(null, keep, false);
            case Fabric.Route.Unreachable u -> throw new LinuxError(u.errno());
            case Fabric.Route.Gateway g -> {
                SockAddr there = SockAddr.loopback(Flags.AF_INET, false).withPort(to.port()).as(s.domain());
                yield new Destination(there == null ? null : there.encode(), keep, false);
            }
            case Fabric.Route.Container c -> {
                SockAddr hostAt = c.target().hostFor(protocol, to);
                SockAddr there = hostAt == null ? null : hostAt.as(s.domain());
                if (there == null) throw new LinuxError(Errno.ECONNREFUSED);
                bindClient(h, s, protocol, c.self(), there, to);
                yield new Destination(there.encode(), keep, true);
            }
        };
    }

    /**
     * Where a connect or send leads on the host ({@code to}; null: where it says), whether an init
     * host may keep that for a TCP connect while the fabric's epoch stays, and whether such a connect
     * is made from one of {@link #clientSocket}'s (to another container, which tells the caller by it).
     */
    public record Destination(byte[] to, boolean keep, boolean client) {
        static final Destination AS_SAID = new Destination(null, false, false);
    }

    /** The fabric's epoch now (0: none, no route kept), read before a route that an init host may keep is looked up. */
    public long epochNow() { return fabric == null ? 0 : fabric.epoch().now(); }

    /** A read-only descriptor of the fabric's epoch page (tcp_connect.c); -errno when there is none. */
    public long epochPage(HostCalls h) { return fabric == null ? -Errno.ENOENT : fabric.epoch().handOut(h); }

    /**
     * Up to n sockets for guests' TCP connects to other containers, each in a guest socket's place
     * (ClientSockets: bound at this container's loopback address, as {@link #bindClient} binds a
     * guest's); the caller owns them. None off the engine's networks.
     */
    public int[] clientSockets(int n) { return clientStock == null ? new int[0] : clientStock.take(n); }

    /**
     * Docker's embedded DNS (127.0.0.11:53): the host port of the container's name server, which
     * the engine answers, when it has one; else null (plain loopback, as on the default bridge).
     */
    private byte[] nameServer(Protocol protocol, SockAddr to, int domain) {
        Integer bits = to.ipv4Bits();
        if (fabric == null || bits == null || bits != NAME_SERVER || to.port() != DNS_PORT) return null;
        Fabric.NameServer ns = fabric.nameServerOf(plan.member());
        if (ns == null) return null;
        return SockAddr.ofBits(LOOPBACK, ns.port(protocol), domain).encode();
    }

    private synchronized byte[] ownDestination(Protocol protocol, SockAddr to, int domain) {
        if (find(protocol, to) == null) return null;
        pruneNow();
        Bound b = find(protocol, to);
        if (b == null) return null;
        SockAddr there = (b.host.wildcard() ? to : b.host).withPort(b.host.port()).as(domain);
        return there == null ? null : there.encode();
    }

    /** The host address behind this container's guest port that a send to {@code to} (its own address) reaches, or null. */
    public synchronized SockAddr hostFor(Protocol protocol, SockAddr to) {
        if (find(protocol, to) == null) pruneNow();
        Bound b = find(protocol, to);
        if (b == null) return null;
        return b.host.wildcard() ? SockAddr.loopback(b.host.family(), b.v6only).withPort(b.host.port()) : b.host;
    }

    /**
     * A client socket about to reach another container: bound, when it is not yet on
     * the host, at this container's loopback address, and shown to the guest at its
     * address on the shared network.
     */
    private synchronized void bindClient(HostCalls h, GuestSocket s, Protocol protocol, Inet4Address self, SockAddr hostPeer,
                                         SockAddr peer) {
        if (s.domain() == Flags.AF_INET6 && s.v6only()) return;
        pending.remove(s.inode());
        // EINVAL: bound already (by the guest, or by a connect before that failed); else the connect binds it as the host would.
        boolean bound = s.bind(h, SockAddr.ofBits(alias, 0, s.domain()).encode()) >= 0;
        if (protocol == Protocol.TCP) {
            Client before = clients.get(s.inode());
            if (before == null) pruneClients();
            else if (connected(h, s)) return; // its connect fails (EISCONN, EALREADY): the record stays its peer's
            clients.put(s.inode(), new Client(bound ? self : before == null ? null : before.self, hostPeer, peer));
            return;
        }
        if (!bound) return;
        prune();
        SockAddr actual = s.name(h);
        this.bound.put(s.inode(), new Bound(protocol, SockAddr.of(self, s.domain()).withPort(actual.port()), actual, s.v6only(), false));
        routesChanged();
    }

    /** What the fabric knows of a TCP socket the kernel bound that an IPv4 connect reaches; else null. */
    private Fabric.Served served(Bound b) {
        if (fabric == null || b.protocol != Protocol.TCP || !(b.host.ipv4() || b.host.wildcard() && !b.v6only)) return null;
        return new Fabric.Served(plan.member(), b.guest.port(), b.host.wildcard() ? Fabric.ANY_ADDRESS : b.host.ipv4Bits());
    }

    /** A guest port bound or gone: routes kept by init hosts may lead elsewhere now. */
    private void routesChanged() {
        if (fabric != null) fabric.epoch().bump();
    }

    private static boolean connected(HostCalls h, GuestSocket s) {
        try {
            s.peer(h);
            return true;
        } catch (LinuxError notConnected) {
            return false;
        }
    }

    private void pruneClients() {
        if (clients.size() < clientsPruneAt) return;
        clients.keySet().retainAll(held());
        clientsPruneAt = Math.max(CLIENTS_PRUNE_MIN, 2 * clients.size());
    }

    private Bound find(Protocol protocol, SockAddr to) {
        for (Bound b : bound.values())
            if (b.protocol == protocol && b.guest.port() == to.port() && b.covers(to)) return b;
        return null;
    }

    /** Drops the records of sockets gone, when there are many. */
    private void prune() {
        if (bound.size() + pending.size() < pruneAt) return;
        pruneNow();
        pruneAt = Math.max(64, 2 * (bound.size() + pending.size()));
    }

    private void pruneNow() {
        Set<Long> live = held();
        List<Bound> gone = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<Long, Bound>> it = bound.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Bound> e = it.next();
            if (live.contains(e.getKey())) continue;
            it.remove();
            gone.add(e.getValue());
        }
        if (gone.isEmpty()) return;
        for (Bound b : gone) {
            Fabric.Served served = served(b);
            if (served != null && bound.values().stream().noneMatch(o -> served.equals(served(o)))) // SO_REUSEPORT's
                fabric.notServing(b.host.port(), served);
        }
        routesChanged();
        for (Iterator<Long> it = pending.keySet().iterator(); it.hasNext(); ) if (!live.contains(it.next())) it.remove();
    }
}
