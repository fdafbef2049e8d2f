package dev.lamina.engine.containers;

import dev.lamina.engine.http.ApiException;
import dev.lamina.kernel.PortPlan;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A create request's ports as the kernel's port plan: HostConfig.PortBindings
 * ("80/tcp" -> [{HostIp, HostPort}]), and with PublishAllPorts every exposed
 * port at a host port the host picks. Every container has ports of its own:
 * what it binds unpublished is on 127.0.0.1 at a port the host picks. Except
 * with NetworkMode "host" (`--network host`, and `lamina run` without -p): its
 * ports are the host's, and as Docker does, what it would publish is dropped.
 */
final class PortBindings {
    private PortBindings() {}

    static PortPlan plan(CreateRequest r) {
        if ("host".equals(r.hostConfig().networkMode())) return PortPlan.HOST_NETWORK;
        List<PortPlan.Published> published = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        for (var e : r.hostConfig().portBindings().entrySet()) {
            List<CreateRequest.PortBinding> bindings = e.getValue();
            if (bindings == null || bindings.isEmpty()) continue;
            if (bindings.size() > 1)
                throw ApiException.badRequest("port " + e.getKey() + " is published more than once; Lamina publishes a container port at one host port");
            CreateRequest.PortBinding b = bindings.getFirst();
            published.add(published(e.getKey(), b.hostIp(), b.hostPort()));
            bound.add(e.getKey());
        }
        if (Boolean.TRUE.equals(r.hostConfig().publishAllPorts()))
            for (String port : r.exposedPorts().keySet())
                if (!bound.contains(port)) published.add(published(port, null, null));
        try {
            return PortPlan.publishing(published);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** "80/tcp" (or "80", or "53/udp") at hostIp:hostPort; an empty IP is every interface, an empty port one the host picks. */
    static PortPlan.Published published(String port, String hostIp, String hostPort) {
        String[] pt = port.split("/", -1);
        int guest = number(pt[0], "port " + port);
        if (guest < 1) throw ApiException.badRequest("invalid port " + port);
        PortPlan.Protocol protocol;
        String proto = pt.length > 1 ? pt[1].toLowerCase(Locale.ROOT) : "tcp";
        switch (proto) {
            case "tcp" -> protocol = PortPlan.Protocol.TCP;
            case "udp" -> protocol = PortPlan.Protocol.UDP;
            default -> throw ApiException.badRequest("invalid protocol " + proto + " in " + port + " (tcp or udp)");
        }
        InetAddress ip = null;
        if (hostIp != null && !hostIp.isEmpty()) {
            if (!hostIp.matches("[0-9a-fA-F.:\\[\\]]+")) throw ApiException.badRequest("invalid host IP " + hostIp);
            try {
                ip = InetAddress.getByName(hostIp);
            } catch (UnknownHostException e) {
                throw ApiException.badRequest("invalid host IP " + hostIp);
            }
            if (ip.isAnyLocalAddress()) ip = null;
        }
        // A range (`-p 8000-8010:80`): the first port of it free at the start, as dockerd takes it.
        String[] range = hostPort == null ? new String[0] : hostPort.split("-", 2);
        int host = range.length == 0 || range[0].isEmpty() ? 0 : number(range[0], "host port " + hostPort);
        int last = range.length == 2 ? number(range[1], "host port " + hostPort) : host;
        if (last < host) throw ApiException.badRequest("invalid port range " + hostPort);
        try {
            return new PortPlan.Published(guest, protocol, ip, host, last);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static int number(String s, String what) {
        if (!s.matches("\\d{1,5}")) throw ApiException.badRequest("invalid " + what);
        int n = Integer.parseInt(s);
        if (n > 65535) throw ApiException.badRequest("invalid " + what);
        return n;
    }
}
