package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The token service a Bearer challenge names: GET REALM?service=S&scope=..., one scope
 * for each the request needs (repository:NAME:pull, or pull,push for a push) and the
 * challenge's own if it names another, with the user's login as Basic auth when there
 * is one; the answer's token (or access_token) becomes the Authorization of the
 * registry's requests. Its address is the challenge's own, whatever the registry's base.
 */
record TokenEndpoint(ImageReference image, AuthChallenge challenge, Credentials.Login login, List<String> scopes)
        implements RegistryEndpoint<String> {
    TokenEndpoint {
        if (challenge.params().get("realm") == null)
            throw new ImageException(image.familiar() + ": the registry's token challenge has no realm");
    }

    @Override
    public URI uri(String base) {
        String realm = challenge.params().get("realm");
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (challenge.params().containsKey("service")) q.append("service=").append(encode(challenge.params().get("service"))).append('&');
        Set<String> all = new LinkedHashSet<>(scopes);
        if (challenge.params().containsKey("scope")) all.add(challenge.params().get("scope"));
        q.append(all.stream().map(s -> "scope=" + encode(s)).collect(Collectors.joining("&")));
        return URI.create(q.toString());
    }

    @Override
    public Request prepare(Request request) {
        return login == null ? request : request.with("Authorization", login.basic());
    }

    /** The Authorization value: "Bearer TOKEN". */
    @Override
    public String handle(Response r) throws IOException {
        InputStream body = r.body();
        if (r.status() == 401 || r.status() == 403)
            throw new ImageException(image.familiar() + ": the token service refused " + (login == null ? "anonymous access" : "the login for " + image.registry()));
        if (r.status() != 200) throw RegistryErrors.failure(image, r.status(), body, "token");
        try {
            JsonObject token = JsonObject.of(JsonText.parse(body.readNBytes(1 << 20)), "the token");
            return "Bearer " + (token.has("token") ? token.string("token") : token.string("access_token"));
        } catch (JsonException e) {
            throw new ImageException(image.familiar() + ": the token service sent no token");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
