package dev.lamina.image.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object read field by field. Manifests, configs and indexes are read through
 * these into typed records; each accessor checks the type and throws a
 * {@link JsonException} naming the field, so a malformed document gets a one-line
 * error rather than a NullPointerException or a wrong default. Absent and null are
 * the same, as Docker writes "Cmd": null for no command.
 */
public record JsonObject(ObjectNode node) {
    /** {@code value} as an object, or a JsonException saying that {@code what} must be one. */
    public static JsonObject of(JsonNode value, String what) {
        if (value instanceof ObjectNode o) return new JsonObject(o);
        throw new JsonException(what + " must be an object");
    }

    public static String asString(JsonNode value, String what) {
        if (value != null && value.isTextual()) return value.textValue();
        throw new JsonException(what + " must be a string");
    }

    /** Integral numbers only (2.0 and 1e3 are); beyond a long is refused, never clamped. */
    public static long asInteger(JsonNode value, String what) {
        if (value != null && value.isNumber() && value.canConvertToExactIntegral() && value.canConvertToLong()) return value.longValue();
        throw new JsonException(what + " must be an integer");
    }

    public static List<JsonNode> asArray(JsonNode value, String what) {
        if (value == null || !value.isArray()) throw new JsonException(what + " must be an array");
        List<JsonNode> items = new ArrayList<>(value.size());
        value.forEach(items::add);
        return items;
    }

    public boolean has(String name) { return node.hasNonNull(name); }

    public Set<Map.Entry<String, JsonNode>> fields() { return node.properties(); }

    public String string(String name) { return asString(node.get(name), field(name)); }

    public String optString(String name, String fallback) { return has(name) ? string(name) : fallback; }

    public long number(String name) { return asInteger(node.get(name), field(name)); }

    public JsonObject object(String name) { return of(node.get(name), field(name)); }

    public JsonObject optObject(String name) { return has(name) ? object(name) : new JsonObject(node.objectNode()); }

    public List<JsonNode> array(String name) { return asArray(node.get(name), field(name)); }

    public List<JsonNode> optArray(String name) { return has(name) ? array(name) : List.of(); }

    /** An array of strings, or empty when absent or null. */
    public List<String> optStrings(String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode j : optArray(name)) {
            if (!j.isTextual()) throw new JsonException(field(name) + " must hold strings");
            out.add(j.textValue());
        }
        return out;
    }

    private static String field(String name) { return "field '" + name + "'"; }
}
