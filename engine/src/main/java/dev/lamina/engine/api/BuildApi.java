package dev.lamina.engine.api;

import dev.lamina.engine.build.Builder;
import dev.lamina.engine.http.Route;
import java.util.List;

/** `POST /build`: the classic builder's endpoint (the context tar spooled to disk first), and `POST /build/prune`. */
public final class BuildApi {
    private final Builder builder;

    public BuildApi(Builder builder) {
        this.builder = builder;
    }

    public List<Route> routes() {
        return List.of(Route.spooled("POST", "/build", builder::build), Route.of("POST", "/build/prune", builder::prune));
    }
}
