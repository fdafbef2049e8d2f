package dev.lamina.engine.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import dev.lamina.image.registry.Credentials;
import java.util.Base64;

/**
 * A login a client sends for a registry: the body of `POST /auth` (`docker
 * login`), or the X-Registry-Auth header of a pull (base64url JSON), with
 * Docker's lower-case fields. Identity tokens (OAuth refresh tokens some
 * registries hand out) are not used: a login without a user name is none.
 */
public record RegistryLogin(String registry, Credentials.Login login) {
    /** The /auth body; a 400 when it is not JSON or names no user. */
    public static RegistryLogin fromBody(byte[] body) {
        RegistryLogin l = of(Json.tree(body));
        if (l == null) throw ApiException.badRequest("a login needs a username");
        return l;
    }

    /** The X-Registry-Auth header, or null when absent, empty ("{}", as docker-java sends) or unreadable. */
    public static RegistryLogin fromHeader(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            byte[] json = Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_'));
            return of(Json.MAPPER.readTree(json));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null; // moby, too, pulls anonymously when the header cannot be read
        }
    }

    private static RegistryLogin of(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        String user = n.path("username").asText("");
        if (user.isEmpty()) return null;
        return new RegistryLogin(Credentials.registryOf(n.path("serveraddress").asText("")),
                new Credentials.Login(user, n.path("password").asText("")));
    }

    /** {@code base} with this login in place for {@code registry} (a pull's: the client sends the login for it). */
    public Credentials over(Credentials base, String registry) {
        return base.with(registry, login);
    }
}
