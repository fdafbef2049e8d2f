package dev.lamina.app;

import com.github.dockerjava.api.model.ContainerPort;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One of a container's ports as docker ps writes it ("127.0.0.1:8080->80/tcp",
 * "53/udp"), and, for a TCP port published on the host, the address a browser
 * opens it at (a port published on every address is opened on localhost).
 */
public record PublishedPort(String ip, Integer publicPort, int privatePort, String type) {
    /** A container's ports in the order docker ps shows them, each once: a mapping on every address once, not as IPv4's and IPv6's. */
    static List<PublishedPort> of(ContainerPort[] ports) {
        if (ports == null) return List.of();
        List<PublishedPort> all = Arrays.stream(ports)
                .map(p -> new PublishedPort(p.getIp(), p.getPublicPort(), p.getPrivatePort() == null ? 0 : p.getPrivatePort(),
                        p.getType() == null ? "tcp" : p.getType()))
                .sorted(Comparator.comparingInt(PublishedPort::privatePort)).distinct().toList();
        return all.stream().filter(p -> !"::".equals(p.ip()) || !all.contains(new PublishedPort("0.0.0.0", p.publicPort, p.privatePort, p.type)))
                .toList();
    }

    public String text() {
        return (publicPort == null ? "" : (ip == null ? "" : ip + ":") + publicPort + "->") + privatePort + "/" + type;
    }

    /** http://HOST:PORT for a published TCP port; none otherwise. */
    public Optional<String> url() {
        if (publicPort == null || !type.equals("tcp")) return Optional.empty();
        String host = ip == null || ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::") ? "localhost"
                : ip.contains(":") ? "[" + ip + "]" : ip;
        return Optional.of("http://" + host + ":" + publicPort);
    }
}
