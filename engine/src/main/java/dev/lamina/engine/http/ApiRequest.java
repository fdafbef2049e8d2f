package dev.lamina.engine.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One API call as a route sees it: the path without its version prefix, the
 * values of the route's {placeholders}, the query, the headers a route reads,
 * and the body: in memory, or spooled to a file for routes that take archives.
 */
public record ApiRequest(String method, String path, ApiVersion version, Map<String, String> params,
                         Map<String, List<String>> query, Map<String, String> headers, byte[] body, Path bodyFile) {
    /** A {placeholder} of the route. */
    public String param(String name) { return params.get(name); }

    /** The last value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    public String query(String name, String otherwise) {
        String v = query(name);
        return v == null ? otherwise : v;
    }

    /** A query boolean as moby reads one: anything but "", 0, no, false, none is true; absent is {@code otherwise}. */
    public boolean flag(String name, boolean otherwise) {
        String v = query(name);
        if (v == null) return otherwise;
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "", "0", "no", "false", "none" -> false;
            default -> true;
        };
    }

    /** A whole-number query parameter, or {@code otherwise} when absent or empty. */
    public long number(String name, long otherwise) {
        String v = query(name);
        if (v == null || v.isEmpty()) return otherwise;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    /** The query's platform (os/arch[/variant]) as pulls and builds take it; null when absent, a 400 when malformed. */
    public dev.lamina.image.ref.Platform platform() {
        String p = query("platform", "");
        if (p.isEmpty()) return null;
        try {
            return dev.lamina.image.ref.Platform.parse(p);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** A header by its lower-case name, or null. */
    public String header(String lowerCaseName) { return headers.get(lowerCaseName); }
}
