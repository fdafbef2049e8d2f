package dev.lamina.image.http;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy a request goes through, read from the environment as Docker and curl
 * read it: HTTPS_PROXY for https, HTTP_PROXY for http (either case), except for
 * hosts NO_PROXY names ("*", a host, or a domain matching its subdomains), and
 * never for localhost or a loopback address.
 */
public record Proxies(URI http, URI https, List<String> noProxy) {
    public static final Proxies NONE = new Proxies(null, null, List.of());

    public Proxies {
        noProxy = List.copyOf(noProxy);
    }

    public static Proxies from(Map<String, String> env) {
        return new Proxies(proxy(env, "HTTP_PROXY"), proxy(env, "HTTPS_PROXY"),
                Arrays.stream(value(env, "NO_PROXY").split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) v = env.get(name.toLowerCase(Locale.ROOT));
        return v == null ? "" : v.strip();
    }

    private static URI proxy(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v.isEmpty()) return null;
        URI uri;
        try {
            uri = URI.create(v.contains("://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a proxy address: " + v);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null)
            throw new IllegalArgumentException(name + " must be an http:// proxy address, not " + v);
        return uri;
    }

    /** The proxy for {@code target}, or null to connect directly. */
    public URI forTarget(URI target) {
        URI proxy = "https".equals(target.getScheme()) ? https : http;
        if (proxy == null) return null;
        String host = target.getHost() == null ? "" : target.getHost().replaceAll("^\\[|]$", "").toLowerCase(Locale.ROOT);
        if (Request.isLoopback(host)) return null;
        for (String entry : noProxy) {
            if (entry.equals("*")) return null;
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (host.equals(domain) || host.endsWith("." + domain)) return null;
        }
        return proxy;
    }
}
