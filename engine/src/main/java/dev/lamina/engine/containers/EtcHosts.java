package dev.lamina.engine.containers;

import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.networks.Networks;
import dev.lamina.engine.networks.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's /etc/hosts and resolv.conf, made by the engine: Docker's lines for
 * localhost, the container's own address under its hostname, `--add-host` entries
 * and host.docker.internal (host-gateway: the gateway of the container's first
 * network, which its kernel leads to the host). Other containers' names are not
 * there, as in Docker: on a user network the embedded DNS (127.0.0.11) answers them.
 */
final class EtcHosts {
    private EtcHosts() {}

    /**
     * The container's /etc/hosts: on the host's network without `--add-host`, the host's own
     * file {@code host} as it is (dockerd copies it so); otherwise Docker's lines.
     */
    static String hosts(ContainerRecord self, Path host) {
        if (self.networks().containsKey("host") && self.config().hostConfig().extraHosts().isEmpty())
            try {
                return Files.readString(host);
            } catch (IOException e) {
                // no /etc/hosts on the host: Docker's lines, as below
            }
        StringBuilder b = new StringBuilder();
        b.append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
        String gateway = gateway(self);
        boolean extraHostGateway = false;
        for (String e : self.config().hostConfig().extraHosts()) {
            String[] h = extraHost(e, gateway);
            b.append(h[1]).append('\t').append(h[0]).append('\n');
            extraHostGateway |= h[0].equals("host.docker.internal");
        }
        // The full name and the name before its first dot, as libnetwork lists them, whether the
        // domain came in the hostname or apart (`--hostname web.example.com`: both names resolve).
        String fqdn = self.hostname() + (self.config().domainname() == null || self.config().domainname().isEmpty()
                ? "" : "." + self.config().domainname());
        if (fqdn.indexOf('.') > 0) fqdn += " " + fqdn.substring(0, fqdn.indexOf('.'));
        boolean own = false;
        for (NetworkEndpoint e : self.networks().values())
            if (e.addressed()) {
                b.append(e.ipAddress()).append('\t').append(fqdn).append('\n');
                own = true;
            }
        if (!own && !self.networks().containsKey("host")) b.append("127.0.1.1\t").append(fqdn).append('\n');
        if (!extraHostGateway && gateway != null) b.append(gateway).append("\thost.docker.internal\n");
        return b.toString();
    }

    /**
     * Where a container reaches the host: its first network's gateway (which its kernel
     * leads to the host's loopback); null on host and none.
     */
    private static String gateway(ContainerRecord self) {
        for (NetworkEndpoint e : self.networks().values()) if (e.addressed()) return e.gateway();
        return null;
    }

    /** "name:ip" (or "name=ip") of `--add-host`, as [name, ip]; host-gateway is the host. 400 when malformed. */
    static String[] extraHost(String entry, String gateway) {
        int sep = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.indexOf(':');
        if (sep <= 0) throw ApiException.badRequest("invalid add-host \"" + entry + "\": the format is host:ip");
        String name = entry.substring(0, sep), ip = entry.substring(sep + 1);
        if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
        if (ip.equals("host-gateway")) ip = gateway != null ? gateway : Networks.BRIDGE_GATEWAY; // on no network: the default bridge's
        if (Subnet.ipOrNull(ip) == null && !ip.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*"))
            throw ApiException.badRequest("invalid IP address in add-host: \"" + ip + "\"");
        return new String[] {name, ip};
    }

    /** Whether the container has Docker's embedded DNS: it is on a user network (not only the default bridge). */
    static boolean embeddedDns(ContainerRecord r) {
        return r.networks().entrySet().stream().anyMatch(e -> e.getValue().addressed() && !e.getKey().equals("bridge"));
    }

    /**
     * resolv.conf. With the embedded DNS, Docker's: its address, the search domains and options
     * given (else the host's) and ndots:0 unless an ndots is among them; `--dns` servers are then
     * where it forwards to. Otherwise from `--dns`, `--dns-search`, `--dns-option` (the host's
     * servers when only the others are given, as moby's), or null when none is given (the
     * host's is used).
     */
    static String resolvConf(CreateRequest.HostConfig h, boolean embedded, Path host) {
        if (embedded) {
            List<String> search = h.dnsSearch().isEmpty() ? hostWords(host, "search") : h.dnsSearch();
            List<String> options = new ArrayList<>(h.dnsOptions().isEmpty() ? hostWords(host, "options") : h.dnsOptions());
            if (options.stream().noneMatch(o -> o.startsWith("ndots:"))) options.add("ndots:0");
            StringBuilder b = new StringBuilder("nameserver 127.0.0.11\n");
            if (!search.isEmpty()) b.append("search ").append(String.join(" ", search)).append('\n');
            return b.append("options ").append(String.join(" ", options)).append('\n').toString();
        }
        if (h.dns().isEmpty() && h.dnsSearch().isEmpty() && h.dnsOptions().isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        if (!h.dnsSearch().isEmpty()) b.append("search ").append(String.join(" ", h.dnsSearch())).append('\n');
        for (String ns : h.dns().isEmpty() ? hostNameservers(host) : h.dns()) b.append("nameserver ").append(ns).append('\n');
        if (!h.dnsOptions().isEmpty()) b.append("options ").append(String.join(" ", h.dnsOptions())).append('\n');
        return b.toString();
    }

    /** The host resolv.conf's servers, each nameserver line's. */
    private static List<String> hostNameservers(Path resolvConf) {
        try {
            return Files.readAllLines(resolvConf).stream().map(l -> List.of(l.strip().split("\\s+")))
                    .filter(w -> w.size() > 1 && w.getFirst().equals("nameserver")).map(w -> w.get(1)).toList();
        } catch (IOException e) {
            return List.of(); // no resolv.conf on the host: no server to take
        }
    }

    /** The words after {@code key} on the host resolv.conf's last line of it (a resolver takes the last). */
    private static List<String> hostWords(Path resolvConf, String key) {
        List<String> words = List.of();
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                List<String> w = List.of(line.strip().split("\\s+"));
                if (w.getFirst().equals(key)) words = w.subList(1, w.size());
            }
        } catch (IOException e) {
            return List.of(); // no resolv.conf on the host: nothing to take
        }
        return words;
    }

    /** Checks a create request's --add-host and --dns (400 as Docker). */
    static void check(CreateRequest.HostConfig h) {
        for (String e : h.extraHosts()) extraHost(e, null);
        for (String ns : h.dns())
            if (Subnet.ipOrNull(ns) == null && !ns.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*"))
                throw ApiException.badRequest(ns + " is not an ip address");
    }

}
