package dev.lamina.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * The filters, when every key is one of {@code known} and every time and boolean in them reads: moby's
     * refusals, before anything is done (a misspelt prune filter would otherwise prune everything).
     */
    static Filters parse(String json, Set<String> known) {
        Filters f = parse(json);
        f.values.forEach((key, vs) -> {
            if (!known.contains(key)) throw ApiException.badRequest("invalid filter '" + key + "'");
            if (key.equals("until")) vs.forEach(Filters::timestamp);
            if (key.equals("dangling") || key.equals("all"))
                for (String v : vs)
                    if (!BOOLEANS.contains(v.toLowerCase(java.util.Locale.ROOT)))
                        throw ApiException.badRequest("invalid filter '" + key + "=[" + v + "]'");
        });
        return f;
    }

    private static final Set<String> BOOLEANS = Set.of("1", "0", "true", "false");

    boolean has(String key) { return values.containsKey(key); }

    boolean any(String key, Predicate<String> test) {
        List<String> vs = values.get(key);
        if (vs == null || vs.isEmpty()) return true;
        if (key.equals("label")) return vs.stream().allMatch(test); // every label filter must hold, as in Docker
        return vs.stream().anyMatch(test);
    }

    /**
     * moby's Match: whether a value of {@code key} is one of {@code sources} or a regular
     * expression found in one (`name=^/web$`); true when the key is absent. A value
     * that is no regular expression matches only exactly.
     */
    boolean match(String key, String... sources) {
        return any(key, v -> {
            for (String source : sources) if (source.equals(v) || found(v, source)) return true;
            return false;
        });
    }

    private static boolean found(String regex, String source) {
        try {
            return Pattern.compile(regex).matcher(source).find();
        } catch (java.util.regex.PatternSyntaxException notARegex) {
            return false;
        }
    }

    /** Whether no value of {@code key} passes {@code test} (true when the key is absent): `label!`. */
    boolean none(String key, Predicate<String> test) {
        return values.getOrDefault(key, List.of()).stream().noneMatch(test);
    }

    /** Whether every value of the key {@code until} is after {@code time} (true when the key is absent): prune's. */
    boolean before(String key, Instant time) {
        return values.getOrDefault(key, List.of()).stream().allMatch(v -> time.isBefore(timestamp(v)));
    }

    /**
     * A time as moby reads one in filters and since/until: a duration before now (Go's
     * form: "24h", "1h30m", "90s"), Unix seconds (perhaps with a fraction), or an RFC 3339
     * date and time (local time when it names no zone; a date alone is its midnight).
     */
    static Instant timestamp(String v) {
        if (DURATION.matcher(v).matches()) {
            Matcher m = DURATION_PART.matcher(v);
            double nanos = 0;
            while (m.find()) nanos += Double.parseDouble(m.group(1)) * UNITS.get(m.group(2));
            return Instant.now().minusNanos((long) nanos);
        }
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(v);
            long secs = d.longValue();
            return Instant.ofEpochSecond(secs, d.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).longValue());
        } catch (NumberFormatException notNumber) {
            // a date, then
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // no zone
        }
        ZoneId local = ZoneId.systemDefault();
        try {
            return LocalDateTime.parse(v).atZone(local).toInstant();
        } catch (DateTimeParseException e) {
            // a date alone
        }
        try {
            return LocalDate.parse(v).atStartOfDay(local).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("failed to parse value as time or duration: \"" + v + "\"");
        }
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]*\\.?[0-9]+(ns|us|µs|ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Double> UNITS = Map.of("ns", 1.0, "us", 1e3, "µs", 1e3, "ms", 1e6, "s", 1e9, "m", 60e9, "h", 3600e9);

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
