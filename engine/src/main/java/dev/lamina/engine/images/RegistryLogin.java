package dev.lamina.engine.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import dev.lamina.image.registry.Credentials;
import java.util.Base64;
import java.util.Map;

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
        return of(decoded(header)); // moby, too, pulls anonymously when the header cannot be read
    }

    /** A header's base64 (url or standard alphabet) JSON; null when absent or unreadable. */
    private static JsonNode decoded(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_')));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    private static RegistryLogin of(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        String user = n.path("username").asText(""), password = n.path("password").asText("");
        Credentials.Login fromAuth = user.isEmpty() ? Credentials.fromAuth(n.path("auth").asText("")) : null;
        if (fromAuth != null) { // "auth" alone, as config.json keeps a login
            user = fromAuth.user();
            password = fromAuth.password();
        }
        if (user.isEmpty()) return null;
        return new RegistryLogin(Credentials.registryOf(n.path("serveraddress").asText("")), new Credentials.Login(user, password));
    }

    /**
     * The X-Registry-Config header of a build (base64url JSON: server address to login,
     * every login of the client's, its credential helpers' too): the logins by registry,
     * for the build's pulls. None when absent or unreadable, as moby then pulls anonymously.
     */
    public static Credentials fromConfigHeader(String header) {
        Credentials out = Credentials.none();
        JsonNode all = decoded(header);
        if (all == null || !all.isObject()) return out;
        for (Map.Entry<String, JsonNode> e : all.properties()) {
            RegistryLogin l = of(e.getValue());
            if (l != null) out = out.with(Credentials.registryOf(e.getValue().path("serveraddress").asText(e.getKey())), l.login());
        }
        return out;
    }
}
