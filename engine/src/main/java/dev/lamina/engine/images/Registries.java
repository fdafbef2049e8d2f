package dev.lamina.engine.images;

import dev.lamina.engine.http.ApiException;
import dev.lamina.image.ImageException;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.registry.LoginRefused;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.registry.RegistryEnvironment;
import java.util.Set;

/** Registries as the engine's environment sets them (insecure ones, timeout, proxies), and `docker login`'s check. */
public final class Registries {
    private Registries() {}

    static RegistryEnvironment environment() {
        try {
            return RegistryEnvironment.read(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ImageException("the engine's environment: " + e.getMessage());
        }
    }

    /** The registries the engine reaches over plain HTTP by name (loopback ones always, by address). */
    public static Set<String> insecure() { return environment().insecure(); }

    /**
     * A client for a pull's or push's request to {@code registry}: the login the client
     * sent ({@code sentAuth}, X-Registry-Auth, or null) goes before the engine user's Docker config.
     */
    static RegistryClient client(String sentAuth, String registry) {
        RegistryLogin sent = RegistryLogin.fromHeader(sentAuth);
        return client(sent == null ? Credentials.none() : Credentials.none().with(registry, sent.login()));
    }

    /** A client with the logins a client sent before the engine user's Docker config. */
    static RegistryClient client(Credentials sent) {
        return environment().client(Set.of(), sent.over(Credentials.fromDockerConfig()));
    }

    /** `POST /auth`: the login checked at its registry; 401 when refused there. Nothing is kept: the client keeps its logins. */
    public static void checkLogin(RegistryLogin l) {
        try (RegistryClient client = environment().client(Set.of(), Credentials.none())) {
            client.login(l.registry(), l.login());
        } catch (LoginRefused e) {
            throw new ApiException(401, e.getMessage());
        } catch (ImageException e) {
            throw new ApiException(500, e.getMessage());
        }
    }
}
