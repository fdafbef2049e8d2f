package dev.lamina.kernel;

import dev.lamina.kernel.net.PortSpace;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a container's ports meet the host's. {@link #HOST_NETWORK} (what
 * {@code lamina run} uses) leaves guests on the host's network as they are:
 * a guest binding port 80 binds the host's port 80 (Docker's
 * {@code --network host}). Any other plan gives the container a port space of
 * its own: every bind of a guest goes through the kernel, which binds each
 * {@link Published} guest port at its host address and port, and any other
 * port on loopback only (127.0.0.1, or ::1 for an IPv6-only socket), at a
 * port the host picks; the guest still sees the port it asked for
 * (getsockname, /proc/net/tcp), connections to its own ports on loopback
 * reach them, and two containers can both have port 80. On a {@link Fabric}
 * (an engine's networks) the container is {@code member} there: its addresses
 * on its networks reach the other containers' ports and theirs reach its own.
 * A plan may share another running container's port space ({@link #sharing}).
 */
public record PortPlan(Unpublished unpublished, List<Published> published, Fabric fabric, String member, PortSpace shared) {
    public enum Protocol { TCP, UDP }

    /** Where a guest port the plan does not publish is bound. */
    public enum Unpublished {
        /** At the host port it names, as asked: the host's network. */
        HOST,
        /** On loopback, at a port the host picks. */
        LOOPBACK
    }

    /**
     * A guest port published on the host ({@code -p [hostIp:]hostPort:guestPort/protocol}).
     * {@code hostIp} null is every interface, IPv4 and IPv6 (Docker's default); a
     * {@code hostPort} of 0 lets the host pick one; a {@code hostPortLast} above it makes
     * a range (`-p 8000-8010:80`), of which the first free port is taken. A guest socket
     * bound to the guest port on loopback does not get it: as in Docker, only the
     * container reaches that one.
     */
    public record Published(int guestPort, Protocol protocol, InetAddress hostIp, int hostPort, int hostPortLast) {
        public Published {
            if (guestPort < 1 || guestPort > 0xffff) throw new IllegalArgumentException("not a port to publish: " + guestPort);
            if (hostPort < 0 || hostPort > 0xffff) throw new IllegalArgumentException("not a host port: " + hostPort);
            if (hostPortLast == 0) hostPortLast = hostPort;
            if (hostPortLast < hostPort || hostPortLast > 0xffff || (hostPort == 0 && hostPortLast != 0))
                throw new IllegalArgumentException("not a range of host ports: " + hostPort + "-" + hostPortLast);
            if (protocol == null) throw new IllegalArgumentException("a published port needs its protocol");
        }

        /** One host port (0: the host picks). */
        public Published(int guestPort, Protocol protocol, InetAddress hostIp, int hostPort) {
            this(guestPort, protocol, hostIp, hostPort, hostPort);
        }

        /** The guest port as Docker names it: 80/tcp. */
        public String guestName() { return guestPort + "/" + protocol.name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * The host port a published guest port got (the one asked for, or the one the host picked for 0); {@code anyIpv6}:
     * a mapping with no host address holds it on IPv6's every address too (the host has IPv6), which Docker lists
     * as a second binding, "::".
     */
    public record HostPort(Published published, int port, boolean anyIpv6) {}

    /** The host's network, as guests have had it so far. */
    public static final PortPlan HOST_NETWORK = new PortPlan(Unpublished.HOST, List.of());

    /** A port space of the container's own, with these guest ports published. */
    public static PortPlan publishing(List<Published> published) {
        return new PortPlan(Unpublished.LOOPBACK, published);
    }

    public PortPlan(Unpublished unpublished, List<Published> published) {
        this(unpublished, published, null, null, null);
    }

    /** This plan for {@code member} of {@code fabric}. */
    public PortPlan on(Fabric f, String id) {
        return new PortPlan(unpublished, published, f, id, null);
    }

    /**
     * The plan of a container that joins another's network (Docker's {@code --network container:NAME}):
     * the other's running port space ({@code Kernel.ports()}), its ports and addresses, are this one's too.
     */
    public static PortPlan sharing(PortSpace space) {
        PortPlan theirs = space.plan();
        if (!theirs.ownSpace()) return HOST_NETWORK;
        return new PortPlan(theirs.unpublished, List.of(), theirs.fabric, theirs.member, space);
    }

    public PortPlan {
        published = List.copyOf(published);
        if ((fabric == null) != (member == null)) throw new IllegalArgumentException("a fabric needs the member's id, and back");
        if (unpublished == Unpublished.HOST && !published.isEmpty())
            throw new IllegalArgumentException("on the host's network a guest port is the host's: nothing to publish");
        Set<String> seen = new HashSet<>();
        for (Published p : published)
            if (!seen.add(p.guestName())) throw new IllegalArgumentException("guest port " + p.guestName() + " is published twice");
    }

    /** Whether the container has a port space of its own. */
    public boolean ownSpace() { return unpublished != Unpublished.HOST; }

    /** The mapping of a guest port, or null. */
    public Published find(int guestPort, Protocol protocol) {
        for (Published p : published)
            if (p.guestPort() == guestPort && p.protocol() == protocol) return p;
        return null;
    }
}
