package dev.lamina.engine.api;

import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * Swarm mode and plugins, which Lamina does not serve, answered as a dockerd that is in no swarm and has
 * no plugins: tools tell "no swarm" by the 503 (`docker service ls`, docker-py), and `docker plugin ls`
 * lists none. A 404 "page not found" read as a broken daemon.
 */
public final class SwarmApi {
    private static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    private static final String NOT_SERVED = "swarm mode is not served by Lamina";

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.of("GET", "/plugins", ex -> ex.json(200, List.of())));
        routes.add(Route.of("GET", "/swarm", SwarmApi::notManager));
        for (String join : List.of("/swarm/init", "/swarm/join"))
            routes.add(Route.of("POST", join, ex -> { throw ApiException.notImplemented(NOT_SERVED); }));
        for (String kind : List.of("services", "nodes", "tasks", "secrets", "configs")) {
            routes.add(Route.of("GET", "/" + kind, SwarmApi::notManager));
            routes.add(Route.of("GET", "/" + kind + "/{id}", SwarmApi::notManager));
            routes.add(Route.of("DELETE", "/" + kind + "/{id}", SwarmApi::notManager));
            routes.add(Route.of("POST", "/" + kind + "/{id}/update", SwarmApi::notManager));
        }
        for (String made : List.of("/services/create", "/secrets/create", "/configs/create"))
            routes.add(Route.of("POST", made, SwarmApi::notManager));
        return routes;
    }

    private static void notManager(Exchange ex) {
        throw new ApiException(503, NOT_A_MANAGER);
    }
}
