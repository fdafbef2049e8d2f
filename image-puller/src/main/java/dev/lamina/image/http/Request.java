package dev.lamina.image.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to an absolute http(s) URI, with a body (null for none) when it is a PUT,
 * POST or PATCH. {@code timeout} bounds the connect and every wait for bytes, so a
 * stalled server is noticed rather than waited on forever.
 */
public record Request(String method, URI uri, List<Header> headers, Duration timeout, RequestBody body) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Request {
        headers = List.copyOf(headers);
    }

    public Request(String method, URI uri, List<Header> headers, Duration timeout) {
        this(method, uri, headers, timeout, null);
    }

    public static Request get(URI uri) {
        return new Request("GET", uri, List.of(), DEFAULT_TIMEOUT);
    }

    public Request with(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new Request(method, uri, more, timeout, body);
    }

    public Request at(URI other) {
        return new Request(method, other, headers, timeout, body);
    }

    public Request within(Duration limit) {
        return new Request(method, uri, headers, limit, body);
    }

    /** This request as another method (HEAD, POST, PUT, PATCH) sending {@code content} (null for none). */
    public Request as(String otherMethod, RequestBody content) {
        return new Request(otherMethod, uri, headers, timeout, content);
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
