package dev.lamina.engine.build;

import dev.lamina.builder.context.GoPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.engine.http.Json;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.StoredImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a stage stands after each step: the image made so far (null while it is
 * {@code FROM scratch} with no step yet), its runtime config being changed, the ARGs
 * the stage declared and their values, and whether the stage set CMD itself.
 */
final class StageState {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    StoredImage image;
    final Platform platform;
    final ObjectNode config;
    /** ARGs declared in this stage, in order: name to value (null when it has none). */
    final Map<String, String> args = new LinkedHashMap<>();
    boolean cmdSet;
    /** MAINTAINER's name, the image's author. */
    String author;

    StageState(StoredImage image, Platform platform, JsonNode imageConfig, String author) {
        this.image = image;
        this.platform = platform;
        this.author = author;
        this.config = imageConfig != null && imageConfig.isObject() ? ((ObjectNode) imageConfig).deepCopy() : Json.MAPPER.createObjectNode();
    }

    /** The image's environment, KEY to value, in order. */
    Map<String, String> env() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : config.path("Env")) {
            String s = e.asText();
            int eq = s.indexOf('=');
            if (eq > 0) out.put(s.substring(0, eq), s.substring(eq + 1));
            else out.put(s, "");
        }
        return out;
    }

    void setEnv(String key, String value) {
        Map<String, String> env = env();
        env.put(key, value);
        ArrayNode a = config.putArray("Env");
        env.forEach((k, v) -> a.add(k + "=" + v));
    }

    /** What words in instructions expand with: the ARGs that have values, under the image's environment (ENV wins). */
    Map<String, String> variables() {
        Map<String, String> vars = new HashMap<>();
        args.forEach((k, v) -> {
            if (v != null) vars.put(k, v);
        });
        vars.putAll(env());
        return vars;
    }

    /** ARG values a RUN sees in its environment: those the image's environment does not set. */
    List<String> argEnvironment() {
        Map<String, String> env = env();
        List<String> out = new ArrayList<>();
        args.forEach((k, v) -> {
            if (v != null && !env.containsKey(k)) out.add(k + "=" + v);
        });
        return out;
    }

    List<String> shell() {
        List<String> shell = new ArrayList<>();
        config.path("Shell").forEach(s -> shell.add(s.asText()));
        return shell.isEmpty() ? DEFAULT_SHELL : shell;
    }

    String workdir() {
        String w = config.path("WorkingDir").asText("");
        return w.isEmpty() ? "/" : w;
    }

    /** A WORKDIR's directory as Docker resolves it: against the current one when relative, "." and ".." resolved (".." stops at /). */
    String workdirFor(String path) {
        return GoPath.clean(path.startsWith("/") ? path : workdir() + "/" + path);
    }

    String user() {
        return config.path("User").asText("");
    }
}
