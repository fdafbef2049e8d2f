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

/**
 * The default bridge's gateway as an address of the host, where Docker clients
 * that believe they run in a container look for the engine. Such a client (one
 * that finds /.dockerenv: Testcontainers, for one) reaches published ports at the
 * gateway that `GET /networks/bridge` names, which dockerd's docker0 holds on its
 * host. Lamina's bridge lives in its kernels only, so on a host with /.dockerenv
 * the engine adds the gateway to the host's loopback (host scope; it takes
 * CAP_NET_ADMIN), where published ports, bound on every address, answer. It stays
 * when the engine stops, as docker0 does. Never when a host route other than the
 * default covers the address, or it is the default route's gateway (a host that
 * is itself a container on a 172.17.0.0/16 bridge): the host's own traffic goes there.
 */
public final class GatewayOnHost {
    private GatewayOnHost() {}

    static final String LABEL = "lo:lamina";

    /** Sees to the gateway; null when nothing is left to do, else why clients here will not reach the engine's ports. */
    public static String ensure(Path dockerenv, Path routes) {
        if (!Files.exists(dockerenv)) return null;
        Inet4Address gateway = address(Networks.BRIDGE_GATEWAY);
        if (heldByHost(gateway)) return null;
        String taken = routedElsewhere(gateway, routes);
        int r = taken != null ? 0 : LoopbackAddress.add(gateway, LABEL);
        if (taken == null && (r == 0 || r == -Errno.EEXIST)) return null;
        return "this host has " + dockerenv + ", so Docker clients here (Testcontainers) look for published ports at the"
                + " bridge's gateway " + Networks.BRIDGE_GATEWAY + ", which "
                + (taken != null ? taken : "the engine could not add to the loopback interface ("
                        + (r == -Errno.EPERM ? "it takes CAP_NET_ADMIN" : "error " + -r) + ")")
                + "; set TESTCONTAINERS_HOST_OVERRIDE=localhost for them";
    }

    /** Whether a host interface holds the address: a socket binds to it. */
    static boolean heldByHost(Inet4Address a) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, 0))) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

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
            if (via == ip) return "is the host's route to " + f[0] + "'s gateway";
            if (mask != 0 && (ip & mask) == dst) return "lies on the host's network of " + f[0];
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
