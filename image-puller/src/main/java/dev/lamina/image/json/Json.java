package dev.lamina.image.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value. Manifests, configs and indexes are read into these and then into
 * typed records; the accessors throw {@link JsonException} naming the field, so a
 * malformed document gets a one-line error rather than a NullPointerException or
 * a ClassCastException.
 */
public sealed interface Json {
    record Obj(Map<String, Json> fields) implements Json {
        public Obj {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public Json get(String name) { return fields.get(name); }

        public boolean has(String name) { return fields.containsKey(name) && !(fields.get(name) instanceof Null); }

        /** A field's value; absent is null, so that every accessor's type check also covers absence. */
        private Json field(String name) { return fields.getOrDefault(name, new Null()); }

        public String string(String name) { return field(name).asString("field '" + name + "'"); }

        public String optString(String name, String fallback) {
            return has(name) ? string(name) : fallback;
        }

        public long number(String name) { return field(name).asInteger("field '" + name + "'"); }

        public Obj object(String name) { return field(name).asObject("field '" + name + "'"); }

        public Obj optObject(String name) {
            return has(name) ? object(name) : new Obj(Map.of());
        }

        public List<Json> array(String name) { return field(name).asArray("field '" + name + "'"); }

        public List<Json> optArray(String name) {
            return has(name) ? array(name) : List.of();
        }

        /** An array of strings, or empty when absent or null (as Docker writes "Cmd": null). */
        public List<String> optStrings(String name) {
            List<String> out = new ArrayList<>();
            for (Json j : optArray(name)) {
                if (!(j instanceof Str(String s))) throw new JsonException("field '" + name + "' must hold strings");
                out.add(s);
            }
            return out;
        }
    }

    record Arr(List<Json> items) implements Json {
        public Arr { items = List.copyOf(items); }
    }

    record Str(String value) implements Json {}

    record Num(double value) implements Json {}

    record Bool(boolean value) implements Json {}

    record Null() implements Json {}

    /* Each value as the type a reader expects, or a JsonException saying what must be what. */

    default Obj asObject(String what) {
        if (this instanceof Obj o) return o;
        throw new JsonException(what + " must be an object");
    }

    default String asString(String what) {
        if (this instanceof Str(String s)) return s;
        throw new JsonException(what + " must be a string");
    }

    default long asInteger(String what) {
        if (this instanceof Num(double v) && v == Math.rint(v)) return (long) v;
        throw new JsonException(what + " must be an integer");
    }

    default List<Json> asArray(String what) {
        if (this instanceof Arr(List<Json> items)) return items;
        throw new JsonException(what + " must be an array");
    }

    static Obj object(Map<String, Json> fields) { return new Obj(fields); }

    static Str of(String s) { return new Str(s); }

    static Num of(long n) { return new Num(n); }

    static Arr strings(List<String> values) { return new Arr(values.stream().map(Json::of).map(Json.class::cast).toList()); }

    static Json parse(String text) { return JsonParser.parse(text); }

    /** Compact JSON text; numbers that are integers print without a fraction. */
    default String write() {
        StringBuilder sb = new StringBuilder();
        JsonWriter.write(this, sb, -1, 0);
        return sb.toString();
    }

    /** Indented JSON text, for people (`lamina image inspect`). */
    default String pretty() {
        StringBuilder sb = new StringBuilder();
        JsonWriter.write(this, sb, 4, 0);
        return sb.toString();
    }
}
