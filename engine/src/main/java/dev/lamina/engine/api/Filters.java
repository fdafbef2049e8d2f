package dev.lamina.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The `filters` query parameter: JSON, each key with its values, either as a list
 * (older clients) or as {"value": true} (newer ones). An object passes a key's
 * filter when any value matches; keys absent pass.
 */
record Filters(Map<String, List<String>> values) {
    static Filters parse(String json) {
        Map<String, List<String>> m = new HashMap<>();
        if (json == null || json.isBlank()) return new Filters(m);
        JsonNode root = Json.tree(json.getBytes(StandardCharsets.UTF_8));
        if (!root.isObject()) throw ApiException.badRequest("invalid filter: " + json);
        root.properties().forEach(e -> {
            List<String> vs = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) v.forEach(x -> vs.add(x.asText()));
            else if (v.isObject()) v.properties().forEach(x -> { if (x.getValue().asBoolean(true)) vs.add(x.getKey()); });
            else vs.add(v.asText());
            m.put(e.getKey(), vs);
        });
        return new Filters(m);
    }

    boolean has(String key) { return values.containsKey(key); }

    boolean any(String key, Predicate<String> test) {
        List<String> vs = values.get(key);
        if (vs == null || vs.isEmpty()) return true;
        if (key.equals("label")) return vs.stream().allMatch(test); // every label filter must hold, as in Docker
        return vs.stream().anyMatch(test);
    }

    /** Whether no value of {@code key} passes {@code test} (true when the key is absent): `label!`. */
    boolean none(String key, Predicate<String> test) {
        return values.getOrDefault(key, List.of()).stream().noneMatch(test);
    }

    /** A filter value as moby reads a boolean ("1", "true"). */
    static boolean truthy(String v) {
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    /** "key" or "key=value" against labels. */
    static boolean label(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) return labels.containsKey(filter);
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
