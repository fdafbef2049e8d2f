package dev.lamina.engine.containers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The attributes moby's loggers keep with each entry (its ExtraAttributes): the container's
 * labels and environment variables that `--log-opt` labels=, labels-regex=, env= and
 * env-regex= name, which `docker logs --details` prints before each line.
 */
public final class LogAttributes {
    private LogAttributes() {}

    /** The attributes of a container with these log options, labels and environment (NAME=value). */
    public static Map<String, String> of(Map<String, String> options, Map<String, String> labels, List<String> env) {
        Map<String, String> out = new TreeMap<>();
        Map<String, String> vars = new TreeMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq >= 0) vars.put(e.substring(0, eq), e.substring(eq + 1));
        }
        pick(out, labels, options.get("labels"), options.get("labels-regex"));
        pick(out, vars, options.get("env"), options.get("env-regex"));
        return out;
    }

    /** The entries of {@code from} whose names are in the comma-separated {@code names} or match {@code regex}. */
    private static void pick(Map<String, String> out, Map<String, String> from, String names, String regex) {
        if (names != null && !names.isEmpty())
            for (String n : names.split(",")) if (from.containsKey(n)) out.put(n, from.get(n));
        if (regex == null || regex.isEmpty()) return;
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return; // names nothing (moby's logger would not start)
        }
        from.forEach((k, v) -> {
            if (p.matcher(k).find()) out.put(k, v);
        });
    }

    /** As `docker logs --details` prints them before a line: name=value by name, URL-encoded, comma-separated. */
    public static String details(Map<String, String> attributes) {
        return attributes.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(","));
    }
}
