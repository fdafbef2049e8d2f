package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's ports as inspect (NetworkSettings.Ports) and ps show them. Every
 * exposed port is listed (Testcontainers waits until each has a mapping);
 * published ports with their host side.
 */
final class Ports {
    private Ports() {}

    static Map<String, Object> inspect(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        var bindings = c.record().config().hostConfig().portBindings();
        for (String port : c.record().config().exposedPorts().keySet()) {
            var b = bindings.get(port);
            if (b == null || b.isEmpty() || !c.running()) {
                m.put(port, null);
                continue;
            }
            List<Map<String, String>> hosts = new ArrayList<>();
            for (var pb : b)
                hosts.add(Map.of("HostIp", pb.hostIp() == null || pb.hostIp().isEmpty() ? "0.0.0.0" : pb.hostIp(),
                        "HostPort", pb.hostPort() == null ? "" : pb.hostPort()));
            m.put(port, hosts);
        }
        return m;
    }

    static List<Map<String, Object>> summary(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        var bindings = c.record().config().hostConfig().portBindings();
        for (String port : c.record().config().exposedPorts().keySet()) {
            String[] pt = port.split("/");
            int privatePort = Integer.parseInt(pt[0]);
            String type = pt.length > 1 ? pt[1] : "tcp";
            var b = bindings.get(port);
            if (b == null || b.isEmpty() || !c.running()) {
                out.add(Map.of("PrivatePort", privatePort, "Type", type));
                continue;
            }
            for (var pb : b) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("IP", pb.hostIp() == null || pb.hostIp().isEmpty() ? "0.0.0.0" : pb.hostIp());
                m.put("PrivatePort", privatePort);
                if (pb.hostPort() != null && !pb.hostPort().isEmpty()) m.put("PublicPort", Integer.parseInt(pb.hostPort()));
                m.put("Type", type);
                out.add(m);
            }
        }
        return out;
    }
}
