package dev.lamina.engine.images;

import dev.lamina.image.http.Proxies;
import dev.lamina.image.http.Request;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.registry.RegistryClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * How the engine reaches registries: logins from the Docker config, plain HTTP
 * for loopback registries and those in LAMINA_INSECURE_REGISTRIES, the proxies
 * and timeout the environment names (as `lamina pull` reads them).
 */
final class Registries {
    private Registries() {}

    static RegistryClient client() {
        Set<String> insecure = new HashSet<>();
        String env = System.getenv("LAMINA_INSECURE_REGISTRIES");
        if (env != null) for (String h : env.split(",")) if (!h.isBlank()) insecure.add(h.trim());
        Proxies proxies;
        try {
            proxies = Proxies.from(System.getenv());
        } catch (IllegalArgumentException e) {
            proxies = Proxies.NONE;
        }
        Duration timeout = Request.DEFAULT_TIMEOUT;
        String t = System.getenv("LAMINA_REGISTRY_TIMEOUT");
        if (t != null && t.trim().matches("[1-9]\\d{0,5}")) timeout = Duration.ofSeconds(Integer.parseInt(t.trim()));
        return new RegistryClient(Credentials.fromDockerConfig(), insecure, timeout, proxies);
    }
}
