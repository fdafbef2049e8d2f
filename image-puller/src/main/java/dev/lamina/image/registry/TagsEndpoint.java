package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
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
import java.util.List;

/**
 * GET /v2/NAME/tags/list: one page of a repository's tags (`docker pull --all-tags`), from
 * {@code last} (exclusive; null for the first page). An empty page is the last.
 */
record TagsEndpoint(ImageReference image, String last) implements RegistryEndpoint<List<String>> {
    /** A page larger than this is refused (a registry's whole list is about 40 bytes a tag). */
    private static final int MAX_BYTES = 4 << 20;
    static final int PAGE = 1000;

    @Override
    public URI uri(String base) {
        String query = "?n=" + PAGE + (last == null ? "" : "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8));
        return RegistryEndpoint.repositoryUri(base, image, "/tags/list" + query);
    }

    @Override
    public List<String> handle(Response r) throws IOException {
        InputStream body = r.body();
        if (r.status() != 200) throw RegistryErrors.failure(image, r.status(), body, "the tags of " + image.repository());
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) throw new ImageException(image.repository() + ": the list of tags is larger than " + MAX_BYTES + " bytes");
        try {
            return JsonObject.of(JsonText.parse(bytes), "tags list").optStrings("tags");
        } catch (JsonException e) {
            throw new ImageException(image.repository() + ": malformed list of tags: " + e.getMessage());
        }
    }
}
