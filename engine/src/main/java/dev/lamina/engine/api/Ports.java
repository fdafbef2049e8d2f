package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.kernel.PortPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's ports as inspect (NetworkSettings.Ports) and ps show them: every
 * exposed port is listed (Testcontainers waits until each has a mapping), with
 * the host side the kernel holds for it while the container runs.
 */
final class Ports {
    private Ports() {}

    static Map<String, Object> inspect(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!c.running()) return m; // as moby's: ports are the running container's network's
        for (String port : c.record().config().exposedPorts().keySet()) m.put(normal(port), null);
        for (PortPlan.HostPort p : c.publishedPorts()) {
            List<Map<String, String>> bindings = new ArrayList<>();
            for (String ip : hostIps(p)) bindings.add(Map.of("HostIp", ip, "HostPort", Integer.toString(p.port())));
            m.put(p.published().guestName(), bindings);
        }
        return m;
    }

    static List<Map<String, Object>> summary(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!c.running()) return out;
        List<String> published = new ArrayList<>();
        for (PortPlan.HostPort p : c.publishedPorts()) {
            for (String ip : hostIps(p)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("IP", ip);
                m.put("PrivatePort", p.published().guestPort());
                m.put("PublicPort", p.port());
                m.put("Type", p.published().protocol().name().toLowerCase(java.util.Locale.ROOT));
                out.add(m);
            }
            published.add(p.published().guestName());
        }
        for (String port : c.record().config().exposedPorts().keySet()) {
            String n = normal(port);
            if (published.contains(n)) continue;
            String[] pt = n.split("/");
            if (!pt[0].matches("\\d{1,5}")) continue;
            out.add(Map.of("PrivatePort", Integer.parseInt(pt[0]), "Type", pt[1]));
        }
        return out;
    }

    private static String normal(String port) { return port.contains("/") ? port : port + "/tcp"; }

    /** The host addresses a mapping is listed at: its own, or with none "0.0.0.0" and, held on IPv6 too, "::", as dockerd lists them. */
    private static List<String> hostIps(PortPlan.HostPort p) {
        if (p.published().hostIp() != null) return List.of(text(p.published().hostIp()));
        return p.anyIpv6() ? List.of("0.0.0.0", "::") : List.of("0.0.0.0");
    }

    /** An address as Go prints it: IPv6 in RFC 5952's short form ("::1"), not Java's long one ("0:0:0:0:0:0:0:1"). */
    static String text(java.net.InetAddress a) {
        if (!(a instanceof java.net.Inet6Address)) return a.getHostAddress();
        byte[] b = a.getAddress();
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int zeros = -1, zerosLength = 1; // the first longest run of two or more zero words
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > zerosLength) {
                zeros = i;
                zerosLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == zeros) {
                s.append("::");
                i += zerosLength - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(w[i]));
        }
        return s.toString();
    }
}
