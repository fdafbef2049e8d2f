package dev.lamina.container;

import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortPlan.Published;
import java.net.InetAddress;
import java.util.Locale;

/** Published ports as `docker run -p` writes them. */
public final class PublishedPorts {
    private PublishedPorts() {}

    /**
     * {@code [IP:][HOST_PORT:]GUEST_PORT[/tcp|/udp]} as a mapping: no IP is every interface,
     * no host port (or an empty one, {@code 127.0.0.1::80}) one the host picks; an IPv6
     * address is written in brackets. {@code option} names where the spec came from in
     * errors ("-p"). Port ranges are not supported.
     */
    public static Published parse(String spec, String option) {
        String where = option + " " + spec + ": ";
        String rest = spec;
        PortPlan.Protocol protocol = PortPlan.Protocol.TCP;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            String name = rest.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!name.equals("tcp") && !name.equals("udp")) throw new ContainerSpecException(where + "the protocol is tcp or udp");
            protocol = name.equals("udp") ? PortPlan.Protocol.UDP : PortPlan.Protocol.TCP;
            rest = rest.substring(0, slash);
        }
        int colon = rest.lastIndexOf(':');
        int guest = port(rest.substring(colon + 1), where, false);
        InetAddress ip = null;
        int host = 0;
        if (colon >= 0) {
            String front = rest.substring(0, colon);
            int ipEnd = front.startsWith("[") ? front.indexOf(']') + 1 : front.lastIndexOf(':');
            if (front.startsWith("[") && (ipEnd == 0 || (ipEnd < front.length() && front.charAt(ipEnd) != ':')))
                throw new ContainerSpecException(where + "an IPv6 address is written [ADDRESS]:HOST_PORT:GUEST_PORT");
            if (ipEnd > 0 || front.startsWith("[")) {
                ip = address(front.substring(0, ipEnd), where);
                front = ipEnd < front.length() ? front.substring(ipEnd + 1) : "";
            }
            host = front.isEmpty() ? 0 : port(front, where, true);
        }
        return new Published(guest, protocol, ip, host);
    }

    private static int port(String s, String where, boolean host) {
        if (s.contains("-")) throw new ContainerSpecException(where + "port ranges are not supported");
        try {
            int p = Integer.parseInt(s);
            if (p >= (host ? 0 : 1) && p <= 0xffff) return p;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ContainerSpecException(where + "'" + s + "' is not a " + (host ? "host" : "container") + " port");
    }

    private static InetAddress address(String s, String where) {
        String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        try {
            // IPv4 as four decimal parts only: Java would take 1.2.3 for 1.2.0.3.
            if (!literal.contains(":") && !literal.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) throw new IllegalArgumentException(literal);
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new ContainerSpecException(where + "'" + s + "' is not an IP address");
        }
    }
}
