package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.containers.CreateRequest;
import dev.lamina.engine.containers.NetworkEndpoint;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.networks.NetworkCreate;
import dev.lamina.engine.networks.NetworkRecord;
import dev.lamina.engine.networks.Networks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `docker network`: create, list (with filters), inspect, connect, disconnect,
 * remove and prune; the built-in bridge, host and none. A network's containers are
 * those whose records have an endpoint on it.
 */
public final class NetworkApi {
    private final Networks networks;
    private final Containers containers;
    private final Events events;

    public NetworkApi(Networks networks, Containers containers, Events events) {
        this.networks = networks;
        this.containers = containers;
        this.events = events;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/networks", this::list),
                Route.of("POST", "/networks/prune", this::prune),
                Route.of("POST", "/networks/create", this::create),
                Route.of("GET", "/networks/{id}", ex -> ex.json(200, view(networks.find(ex.request().param("id")), true))),
                Route.of("DELETE", "/networks/{id}", ex -> {
                    containers.removeNetwork(networks.find(ex.request().param("id")));
                    ex.empty(204);
                }),
                Route.of("POST", "/networks/{id}/connect", this::connect),
                Route.of("POST", "/networks/{id}/disconnect", this::disconnect));
    }

    private void create(Exchange ex) {
        NetworkCreate req = Json.read(ex.request().body(), NetworkCreate.class, null);
        if (req == null) throw ApiException.badRequest("network name is required");
        NetworkRecord n = networks.create(req);
        events.publish("network", "create", n.id(), Map.of("name", n.name(), "type", n.driver()));
        ex.json(201, Map.of("Id", n.id(), "Warning", ""));
    }

    private void list(Exchange ex) {
        Filters f = Filters.parse(ex.request().query("filters"),
                java.util.Set.of("dangling", "driver", "id", "label", "label!", "name", "scope", "type"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (NetworkRecord n : networks.all())
            if (matches(f, n)) out.add(view(n, false));
        ex.json(200, out);
    }

    private boolean matches(Filters f, NetworkRecord n) {
        return f.match("name", n.name())
                && f.any("id", v -> n.id().startsWith(v))
                && f.any("driver", v -> n.driver().equals(v))
                && f.any("scope", v -> v.equals("local"))
                && f.any("type", v -> v.equals(n.builtIn() ? "builtin" : "custom"))
                && f.any("label", v -> Filters.label(n.labels(), v))
                && f.none("label!", v -> Filters.label(n.labels(), v))
                && f.any("dangling", v -> Filters.truthy(v) == (!n.builtIn() && containers.on(n).isEmpty()));
    }

    private void prune(Exchange ex) {
        Filters f = Filters.parse(ex.request().query("filters"), java.util.Set.of("label", "label!", "until"));
        List<String> deleted = new ArrayList<>();
        for (NetworkRecord n : networks.all()) {
            if (n.builtIn() || !containers.on(n).isEmpty()) continue;
            if (!f.any("label", v -> Filters.label(n.labels(), v)) || !f.none("label!", v -> Filters.label(n.labels(), v)))
                continue;
            if (!f.any("until", v -> Instant.parse(n.created()).isBefore(until(v)))) continue;
            try {
                containers.removeNetwork(n);
                deleted.add(n.name());
            } catch (ApiException e) {
                // a container joined it meanwhile
            }
        }
        ex.json(200, Map.of("NetworksDeleted", deleted));
    }

    /** prune's until: Unix seconds, an RFC 3339 time, or a duration before now (10m, 24h). */
    private static Instant until(String v) {
        try {
            if (v.matches("\\d+(\\.\\d+)?")) return Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
            if (v.matches("\\d+[smh]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                long unit = switch (v.charAt(v.length() - 1)) { case 's' -> 1; case 'm' -> 60; default -> 3600; };
                return Instant.now().minusSeconds(n * unit);
            }
            return Instant.parse(v);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid until filter: " + v);
        }
    }

    /** The body of connect and disconnect: {Container, EndpointConfig, Force}. */
    private record Attach(String container, CreateRequest.EndpointSettings endpointConfig, Boolean force) {}

    private void connect(Exchange ex) {
        NetworkRecord n = networks.find(ex.request().param("id"));
        Attach a = Json.read(ex.request().body(), Attach.class, null);
        if (a == null || a.container() == null) throw ApiException.badRequest("no container given");
        containers.connect(containers.find(a.container()), n, a.endpointConfig());
        ex.empty(200);
    }

    private void disconnect(Exchange ex) {
        NetworkRecord n = networks.find(ex.request().param("id"));
        Attach a = Json.read(ex.request().body(), Attach.class, null);
        if (a == null || a.container() == null) throw ApiException.badRequest("no container given");
        containers.disconnect(containers.find(a.container()), n);
        ex.empty(200);
    }

    /** Docker's NetworkResource; its containers only in inspect, as moby lists none. */
    private Map<String, Object> view(NetworkRecord n, boolean withContainers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", n.name());
        m.put("Id", n.id());
        m.put("Created", n.created());
        m.put("Scope", "local");
        m.put("Driver", n.driver());
        m.put("EnableIPv6", n.enableIPv6());
        List<Map<String, String>> config = n.addressed()
                ? List.of(Map.of("Subnet", n.subnet(), "Gateway", n.gateway())) : List.of();
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", null);
        ipam.put("Config", config);
        m.put("IPAM", ipam);
        m.put("Internal", n.internal());
        m.put("Attachable", n.attachable());
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        Map<String, Object> members = new LinkedHashMap<>();
        if (withContainers)
            for (Container c : containers.on(n)) {
                NetworkEndpoint e = c.record().networks().get(n.name());
                if (e == null || !c.running()) continue; // as Docker's: only running containers have endpoints
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("Name", c.name());
                v.put("EndpointID", e.endpointId());
                v.put("MacAddress", e.macAddress());
                v.put("IPv4Address", e.addressed() ? e.ipAddress() + "/" + e.prefixLen() : "");
                v.put("IPv6Address", "");
                members.put(c.id(), v);
            }
        m.put("Containers", members);
        m.put("Options", n.options());
        m.put("Labels", n.labels());
        return m;
    }

}
