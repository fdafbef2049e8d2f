package dev.lamina.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The run config of an image `docker commit` makes, as dockerd makes it: the config
 * the request gives, or else the container's own; the `--change` instructions on it;
 * then what it leaves empty taken from the container's (user, ports, environment,
 * labels, command, health check, working directory, volumes, stop signal).
 */
public final class CommitConfig {
    private CommitConfig() {}

    /**
     * {@code given}: the request's body (null or not an object: none); {@code container}: the container's Config
     * (its request's merged with its image's, {@link #merge}).
     */
    public static ObjectNode of(JsonNode given, ObjectNode container, List<String> changes) {
        ObjectNode c = given != null && given.isObject() ? ((ObjectNode) given).deepCopy() : container.deepCopy();
        ConfigChanges.apply(c, changes);
        merge(c, container);
        return c;
    }

    /**
     * Fills what {@code c} leaves empty from {@code container}, as dockerd's merge does (for a commit, and when a
     * container is created, with its image's config).
     */
    public static void merge(ObjectNode c, JsonNode container) {
        for (String field : List.of("User", "WorkingDir", "StopSignal"))
            if (c.path(field).asText("").isEmpty() && container.has(field)) c.set(field, container.get(field));
        for (String field : List.of("ExposedPorts", "Volumes", "Labels")) {
            JsonNode theirs = container.path(field);
            if (!theirs.isObject()) continue;
            ObjectNode mine = c.path(field).isObject() ? (ObjectNode) c.get(field) : c.putObject(field);
            theirs.properties().forEach(e -> {
                if (!mine.has(e.getKey())) mine.set(e.getKey(), e.getValue());
            });
        }
        ArrayNode env = c.path("Env").isArray() ? (ArrayNode) c.get("Env") : c.putArray("Env");
        for (JsonNode e : container.path("Env")) {
            String key = e.asText().split("=", 2)[0];
            boolean found = false;
            for (JsonNode mine : env) found |= mine.asText().split("=", 2)[0].equals(key);
            if (!found) env.add(e.asText());
        }
        if (c.path("Entrypoint").isEmpty()) {
            if (c.path("Cmd").isEmpty() && container.has("Cmd")) c.set("Cmd", container.get("Cmd"));
            if (c.path("Entrypoint").isMissingNode() || c.path("Entrypoint").isNull()) c.set("Entrypoint", container.get("Entrypoint"));
        }
        if ((c.path("Healthcheck").isMissingNode() || c.path("Healthcheck").isNull()) && container.has("Healthcheck"))
            c.set("Healthcheck", container.get("Healthcheck"));
    }
}
