package dev.lamina.image.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A GET or HEAD to an absolute http(s) URI. {@code timeout} bounds the connect and
 * every wait for bytes, so a stalled server is noticed rather than waited on forever.
 */
public record Request(String method, URI uri, List<Header> headers, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Request {
        headers = List.copyOf(headers);
    }

    public static Request get(URI uri) {
        return new Request("GET", uri, List.of(), DEFAULT_TIMEOUT);
    }

    public Request with(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new Request(method, uri, more, timeout);
    }

    public Request at(URI other) {
        return new Request(method, other, headers, timeout);
    }

    public Request within(Duration limit) {
        return new Request(method, uri, headers, limit);
    }

    /** scheme://host:port, the key for connection reuse and for "same server" checks. */
    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
    }

    /** localhost or a loopback address, with or without brackets around an IPv6 one. */
    public static boolean isLoopback(String host) {
        String h = host.replaceAll("^\\[|]$", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    }
}
