package dev.lamina.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.ImageException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registry logins from Docker's config.json ("auths"), so `docker login` works for Lamina too. */
public final class Credentials {
    /** A user name and password (or identity token) for one registry. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[user=" + user + "]"; // never the password, should a login reach a log
        }

        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Login> byRegistry;

    private Credentials(Map<String, Login> byRegistry) {
        this.byRegistry = Map.copyOf(byRegistry);
    }

    public static Credentials none() { return new Credentials(Map.of()); }

    /** $DOCKER_CONFIG/config.json, else ~/.docker/config.json; no file means no logins. */
    public static Credentials fromDockerConfig() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path file = dir != null && !dir.isEmpty() ? Path.of(dir, "config.json") : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        if (!Files.isRegularFile(file)) return none();
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ImageException("cannot read registry logins from " + file + ": " + e.getMessage());
        }
    }

    static Credentials parse(String json) {
        Map<String, Login> out = new LinkedHashMap<>();
        JsonObject root = JsonObject.of(JsonText.parse(json), "its content");
        for (Map.Entry<String, JsonNode> e : root.optObject("auths").fields()) {
            if (!e.getValue().isObject()) continue;
            JsonObject entry = JsonObject.of(e.getValue(), "a login");
            Login login = null;
            if (entry.has("auth")) {
                login = fromAuth(entry.string("auth"));
            } else if (entry.has("username")) {
                login = new Login(entry.string("username"), entry.optString("password", ""));
            }
            if (login != null) out.put(registryOf(e.getKey()), login);
        }
        return new Credentials(out);
    }

    /** {@code base} with each of these logins in place of its own for that registry (a client's, sent with a request). */
    public Credentials over(Credentials base) {
        Map<String, Login> out = new LinkedHashMap<>(base.byRegistry);
        out.putAll(byRegistry);
        return new Credentials(out);
    }

    /** A login kept as Docker keeps one in "auth": base64 of "user:password"; null when it is not one. */
    public static Login fromAuth(String auth) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 ? new Login(decoded.substring(0, colon), decoded.substring(colon + 1)) : null;
    }

    /** These logins with {@code login} for {@code registry} in place of any they hold (a client's own, sent with a pull). */
    public Credentials with(String registry, Login login) {
        Map<String, Login> out = new LinkedHashMap<>(byRegistry);
        out.put(registry, login);
        return new Credentials(out);
    }

    /** The registry a server address names: "host", "https://host/" or Docker Hub's "https://index.docker.io/v1/" (also ""). */
    public static String registryOf(String key) {
        if (key.isEmpty()) return ImageReference.DOCKER_HUB;
        String k = key.replaceFirst("^https?://", "");
        int slash = k.indexOf('/');
        if (slash >= 0) k = k.substring(0, slash);
        return k.equals("index.docker.io") || k.equals("registry-1.docker.io") ? ImageReference.DOCKER_HUB : k;
    }

    public Login forRegistry(String registry) { return byRegistry.get(registry); }
}
