package dev.lamina.engine.networks;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.host.LoopbackAddress;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The default bridge's gateway as an address of the host, where Docker clients
 * that believe they run in a container look for the engine. Such a client (one
 * that finds /.dockerenv: Testcontainers, for one) reaches published ports at the
 * gateway that `GET /networks/bridge` names, which dockerd's docker0 holds on its
 * host. Lamina's bridge lives in its kernels only, so on a host with /.dockerenv
 * the engine adds the gateway to the host's loopback (host scope; it takes
 * CAP_NET_ADMIN), where published ports, bound on every address, answer, and
 * removes it when it stops. Never when a host route other than the default covers
 * the address, when the default route goes through it or through another of
 * Docker's networks (a host that is itself a container on a Docker host, whose
 * docker0 the address may be: the host's own traffic goes there), nor with
 * LAMINA_GATEWAY_ON_HOST=0; then clients need TESTCONTAINERS_HOST_OVERRIDE.
 */
public final class GatewayOnHost implements AutoCloseable {
    static final String LABEL = "lo:lamina";
    static final String OPT_OUT = "LAMINA_GATEWAY_ON_HOST";

    private final Inet4Address added;
    private final String warning;

    private GatewayOnHost(Inet4Address added, String warning) {
        this.added = added;
        this.warning = warning;
    }

    /** Why clients here will not reach the engine's ports at the gateway, or null. */
    public String warning() { return warning; }

    /** Sees to the gateway on this host. */
    public static GatewayOnHost ensure() {
        return ensure(Path.of("/.dockerenv"), Path.of("/proc/net/route"), System.getenv(), GatewayOnHost::heldByHost,
                a -> LoopbackAddress.add(a, LABEL));
    }

    static GatewayOnHost ensure(Path dockerenv, Path routes, Map<String, String> env, Predicate<Inet4Address> held,
                                ToIntFunction<Inet4Address> add) {
        Inet4Address gateway = address(Networks.BRIDGE_GATEWAY);
        if (!Files.exists(dockerenv) || held.test(gateway)) return new GatewayOnHost(null, null);
        String why = "0".equals(env.get(OPT_OUT)) ? OPT_OUT + "=0 keeps it off the host" : routedElsewhere(gateway, routes);
        if (why == null) {
            int r = add.applyAsInt(gateway);
            if (r == 0) return new GatewayOnHost(gateway, null);
            if (r == -Errno.EEXIST) return new GatewayOnHost(null, null);
            why = "the engine could not add it to the loopback interface (" + (r == -Errno.EPERM ? "it takes CAP_NET_ADMIN" : "error " + -r) + ")";
        }
        return new GatewayOnHost(null, "this host has " + dockerenv + ", so Docker clients here (Testcontainers) look for published"
                + " ports at the bridge's gateway " + Networks.BRIDGE_GATEWAY + ", but " + why
                + "; set TESTCONTAINERS_HOST_OVERRIDE=localhost for them");
    }

    /** Takes the address away again when this engine added it. */
    @Override
    public void close() {
        if (added != null) LoopbackAddress.remove(added, LABEL);
    }

    /** Whether a host interface holds the address: a socket binds to it. */
    static boolean heldByHost(Inet4Address a) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, 0))) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Docker's default address pools: a default route into one is a container's on a Docker host. */
    private static final List<String> DOCKER_POOLS = List.of("172.16.0.0/12", "192.168.0.0/16");

    /** Why the host's routes forbid taking the address (/proc/net/route), or null. */
    static String routedElsewhere(Inet4Address a, Path routes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(routes);
        } catch (IOException e) {
            return "the host's routes could not be read (" + e.getMessage() + ")";
        }
        int ip = bits(a);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) continue;
            int dst = hostOrder(f[1]), via = hostOrder(f[2]), mask = hostOrder(f[7]);
            if (via == ip) return "it is the host's route to " + f[0] + "'s gateway";
            if (mask != 0 && (ip & mask) == dst) return "it lies on the host's network of " + f[0];
            if (mask == 0 && via != 0 && DOCKER_POOLS.stream().anyMatch(pool -> Subnet.parse(pool).contains(via)))
                return "the host's default route leads through a Docker network (" + f[0] + "), whose host may hold it";
        }
        return null;
    }

    /** /proc/net/route's hex words are the address's bytes in memory order, little-endian. */
    private static int hostOrder(String hex) { return Integer.reverseBytes(Integer.parseUnsignedInt(hex, 16)); }

    private static int bits(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static Inet4Address address(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
