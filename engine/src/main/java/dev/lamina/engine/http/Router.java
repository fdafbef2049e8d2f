package dev.lamina.engine.http;

import java.util.List;
import java.util.Map;

/** The engine's routes, matched in order. */
public record Router(List<Route> routes) {
    public Router {
        routes = List.copyOf(routes);
    }

    /** A route and its placeholders for a request. */
    public record Match(Route route, Map<String, String> params) {}

    /**
     * The route for {@code method} and {@code path}; a path some route takes with
     * another method is a 405, one no route takes a 404 ("page not found", as moby).
     */
    public Match match(String method, String path) {
        boolean otherMethod = false;
        for (Route r : routes) {
            Map<String, String> params = r.match(path);
            if (params == null) continue;
            if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) return new Match(r, params);
            otherMethod = true;
        }
        if (otherMethod) throw new ApiException(405, "method " + method + " not allowed on " + path);
        throw ApiException.notFound("page not found");
    }
}
