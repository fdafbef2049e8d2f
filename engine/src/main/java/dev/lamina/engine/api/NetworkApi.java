package dev.lamina.engine.api;

import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks clients look at before any networking of their own: the built-in
 * bridge, host and none. Containers share the host's network today, so there is
 * nothing to create yet; creating one is refused with a clear 501.
 */
public final class NetworkApi {
    private static final List<String> BUILT_IN = List.of("bridge", "host", "none");

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/networks", ex -> ex.json(200, BUILT_IN.stream().map(NetworkApi::view).toList())),
                Route.of("POST", "/networks/prune", ex -> ex.json(200, Map.of("NetworksDeleted", List.of()))),
                Route.of("POST", "/networks/create", ex -> {
                    throw ApiException.notImplemented("user-defined networks are not supported yet: containers share the host's network");
                }),
                Route.of("GET", "/networks/{id}", this::inspect));
    }

    private void inspect(Exchange ex) {
        String id = ex.request().param("id");
        if (!BUILT_IN.contains(id)) throw ApiException.notFound("network " + id + " not found");
        ex.json(200, view(id));
    }

    private static Map<String, Object> view(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Id", name);
        m.put("Created", "0001-01-01T00:00:00Z");
        m.put("Scope", "local");
        m.put("Driver", name.equals("none") ? "null" : name);
        m.put("EnableIPv6", false);
        m.put("IPAM", Map.of("Driver", "default", "Options", Map.of(),
                "Config", name.equals("bridge") ? List.of(Map.of("Subnet", "127.0.0.0/8", "Gateway", "127.0.0.1")) : List.of()));
        m.put("Internal", false);
        m.put("Attachable", false);
        m.put("Ingress", false);
        m.put("Containers", Map.of());
        m.put("Options", Map.of());
        m.put("Labels", Map.of());
        return m;
    }
}
