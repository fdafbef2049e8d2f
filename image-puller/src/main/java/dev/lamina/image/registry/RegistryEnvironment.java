package dev.lamina.image.registry;

import dev.lamina.image.http.Proxies;
import dev.lamina.image.http.Request;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How a pull reaches registries, as the environment says, read the same way by
 * `lamina pull` and the engine: plain HTTP for LAMINA_INSECURE_REGISTRIES
 * (comma-separated; loopback registries always), HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY as Docker reads them, and LAMINA_REGISTRY_TIMEOUT (seconds to wait on
 * a silent registry before retrying). A bad value is an IllegalArgumentException
 * whose message says which and why.
 */
public record RegistryEnvironment(Set<String> insecure, Duration timeout, Proxies proxies) {
    public RegistryEnvironment {
        insecure = Set.copyOf(insecure);
    }

    public static RegistryEnvironment read(Map<String, String> env) {
        Set<String> insecure = new HashSet<>();
        String hosts = env.get("LAMINA_INSECURE_REGISTRIES");
        if (hosts != null) for (String h : hosts.split(",")) if (!h.isBlank()) insecure.add(h.trim());
        return new RegistryEnvironment(insecure, timeout(env.get("LAMINA_REGISTRY_TIMEOUT")), Proxies.from(env));
    }

    private static Duration timeout(String value) {
        if (value == null || value.isBlank()) return Request.DEFAULT_TIMEOUT;
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds > 0) return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("LAMINA_REGISTRY_TIMEOUT must be a whole number of seconds above 0, not '" + value + "'");
    }

    /** A client with the Docker config's logins, also taking plain HTTP from {@code extraInsecure}. */
    public RegistryClient client(Set<String> extraInsecure) {
        return client(extraInsecure, Credentials.fromDockerConfig());
    }

    /** A client with these logins (a client's own, sent with its request) instead of the Docker config's. */
    public RegistryClient client(Set<String> extraInsecure, Credentials credentials) {
        Set<String> all = new HashSet<>(insecure);
        all.addAll(extraInsecure);
        return new RegistryClient(credentials, all, timeout, proxies);
    }
}
