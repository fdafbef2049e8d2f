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
        for (String port : c.record().config().exposedPorts().keySet()) m.put(normal(port), null);
        for (PortPlan.HostPort p : c.publishedPorts())
            m.put(p.published().guestName(), List.of(Map.of("HostIp", hostIp(p), "HostPort", Integer.toString(p.port()))));
        return m;
    }

    static List<Map<String, Object>> summary(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> published = new ArrayList<>();
        for (PortPlan.HostPort p : c.publishedPorts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IP", hostIp(p));
            m.put("PrivatePort", p.published().guestPort());
            m.put("PublicPort", p.port());
            m.put("Type", p.published().protocol().name().toLowerCase(java.util.Locale.ROOT));
            out.add(m);
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

    private static String hostIp(PortPlan.HostPort p) {
        return p.published().hostIp() == null ? "0.0.0.0" : p.published().hostIp().getHostAddress();
    }
}
