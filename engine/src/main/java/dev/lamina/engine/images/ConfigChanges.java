package dev.lamina.engine.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.engine.containers.Signals;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * `docker commit --change`: Dockerfile instructions that change an image's run
 * config, in their simple forms: CMD, ENTRYPOINT (exec form ["a","b"] or shell form),
 * ENV and LABEL (key=value ..., quoted as a Dockerfile quotes, or the old "key value"),
 * EXPOSE (80, 53/udp, 8000-8002), USER, VOLUME (["/a"] or /a /b), WORKDIR (relative
 * to the one before), STOPSIGNAL and ONBUILD. Variables ($NAME) are not expanded.
 * Other instructions are refused as dockerd refuses them; HEALTHCHECK is not read yet.
 */
public final class ConfigChanges {
    private final ObjectNode config;
    /** Whether a CMD came before: an ENTRYPOINT then keeps it (as in a Dockerfile), else clears the CMD. */
    private boolean cmdSet;

    private ConfigChanges(ObjectNode config) {
        this.config = config;
    }

    /** Applies {@code changes} (each one or more lines) to {@code config}, Docker's container Config; 400 for a bad one. */
    public static void apply(ObjectNode config, List<String> changes) {
        ConfigChanges c = new ConfigChanges(config);
        for (String line : lines(String.join("\n", changes))) c.instruction(line);
    }

    /** Lines with their continuations ("\" at the end) joined; empty lines and comments dropped. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) continue;
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            out.add(current.toString().strip());
            current.setLength(0);
        }
        if (!current.isEmpty()) out.add(current.toString().strip());
        return out;
    }

    private void instruction(String line) {
        String[] parts = line.split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String rest = parts.length > 1 ? parts[1].strip() : "";
        switch (keyword) {
            case "CMD" -> {
                config.set("Cmd", command(rest));
                cmdSet = true;
            }
            case "ENTRYPOINT" -> {
                config.set("Entrypoint", command(rest));
                if (!cmdSet) config.putNull("Cmd");
            }
            case "ENV" -> pairs(keyword, rest).forEach(p -> env(p[0], p[1]));
            case "LABEL" -> {
                ObjectNode labels = object("Labels");
                pairs(keyword, rest).forEach(p -> labels.put(p[0], p[1]));
            }
            case "EXPOSE" -> {
                ObjectNode ports = object("ExposedPorts");
                for (String p : words(rest, keyword)) for (String port : ports(p)) ports.putObject(port);
            }
            case "USER" -> config.put("User", single(rest, keyword));
            case "VOLUME" -> {
                ObjectNode volumes = object("Volumes");
                List<String> paths = rest.startsWith("[") ? jsonStrings(rest) : null;
                for (String v : paths != null ? paths : words(rest, keyword)) {
                    if (v.isEmpty()) throw ApiException.badRequest("VOLUME specified can not be an empty string");
                    volumes.putObject(v);
                }
            }
            case "WORKDIR" -> {
                String dir = single(rest, keyword);
                String base = config.path("WorkingDir").asText("");
                config.put("WorkingDir", Path.of("/").resolve(base.isEmpty() ? "/" : base).resolve(dir).normalize().toString());
            }
            case "STOPSIGNAL" -> {
                String sig = single(rest, keyword);
                Signals.parse(sig); // a 400 for a signal Docker does not know
                config.put("StopSignal", sig);
            }
            case "ONBUILD" -> {
                String inner = rest.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                if (rest.isEmpty()) throw ApiException.badRequest("ONBUILD requires at least one argument");
                if (inner.equals("ONBUILD")) throw ApiException.badRequest("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                if (inner.equals("FROM") || inner.equals("MAINTAINER"))
                    throw ApiException.badRequest(inner + " isn't allowed as an ONBUILD trigger");
                array("OnBuild").add(rest);
            }
            case "HEALTHCHECK" -> throw ApiException.badRequest("HEALTHCHECK is not supported in --change by Lamina yet");
            default -> throw ApiException.badRequest(parts[0] + " is not a valid change command");
        }
    }

    /** Exec form (a JSON array of strings) as it is; anything else runs through /bin/sh -c, as Docker runs it. */
    private static JsonNode command(String rest) {
        List<String> exec = rest.startsWith("[") ? jsonStrings(rest) : null;
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (exec != null) exec.forEach(out::add);
        else if (!rest.isEmpty()) out.add("/bin/sh").add("-c").add(rest);
        return out;
    }

    /** A JSON array of strings, or null when the text is not one (then it is a shell form, as Docker reads it). */
    private static List<String> jsonStrings(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isArray()) return null;
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) return null;
                out.add(n.textValue());
            }
            return out;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void env(String key, String value) {
        ArrayNode env = array("Env");
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).asText().split("=", 2)[0].equals(key)) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    /** key=value words, or the old form "key value with spaces" (one pair). */
    private static List<String[]> pairs(String keyword, String rest) {
        List<String> words = words(rest, keyword);
        List<String[]> out = new ArrayList<>();
        if (!words.getFirst().contains("=")) {
            String[] old = rest.split("\\s+", 2);
            if (old.length < 2) throw ApiException.badRequest(keyword + " must have two arguments");
            out.add(new String[] {old[0], unquote(old[1].strip())});
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) throw ApiException.badRequest(keyword + " names can not be blank");
            out.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
        }
        return out;
    }

    private static String unquote(String s) {
        List<String> w = words(s, "");
        return w.size() == 1 ? w.getFirst() : s;
    }

    /** Words split at blanks outside quotes, quotes removed, a backslash taking the next character as it is. */
    private static List<String> words(String text, String keyword) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && quote != '\'' && i + 1 < text.length()) {
                w.append(text.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (ch == quote) quote = 0;
                else w.append(ch);
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            String which = quote == '"' ? "double-quote" : "single-quote";
            throw ApiException.badRequest("unexpected end of statement while looking for matching " + which);
        }
        if (inWord) out.add(w.toString());
        if (out.isEmpty() && !keyword.isEmpty()) throw ApiException.badRequest(keyword + " requires at least one argument");
        return out;
    }

    private static String single(String rest, String keyword) {
        List<String> w = words(rest, keyword);
        if (w.size() != 1) throw ApiException.badRequest(keyword + " requires exactly one argument");
        return w.getFirst();
    }

    /** "80" is 80/tcp; a range lists each port. */
    private static List<String> ports(String spec) {
        String[] pp = spec.split("/", 2);
        String proto = pp.length > 1 ? pp[1].toLowerCase(Locale.ROOT) : "tcp";
        if (!List.of("tcp", "udp", "sctp").contains(proto)) throw ApiException.badRequest("invalid proto: " + proto);
        String[] range = pp[0].split("-", 2);
        int from = port(range[0], spec), to = range.length > 1 ? port(range[1], spec) : from;
        if (to < from) throw ApiException.badRequest("invalid range specified for port: " + spec);
        List<String> out = new ArrayList<>();
        for (int p = from; p <= to; p++) out.add(p + "/" + proto);
        return out;
    }

    private static int port(String text, String spec) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) return p;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("invalid containerPort: " + spec);
    }

    private ObjectNode object(String field) {
        return config.path(field).isObject() ? (ObjectNode) config.get(field) : config.putObject(field);
    }

    private ArrayNode array(String field) {
        return config.path(field).isArray() ? (ArrayNode) config.get(field) : config.putArray(field);
    }
}
