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
 * {@code last} (exclusive; null for the first page), with where the next page starts when the
 * registry's Link header names one (null: the last page). A name that is no tag is refused: it
 * would go into a request's path and the store's names.
 */
record TagsEndpoint(ImageReference image, String last) implements RegistryEndpoint<TagsEndpoint.Page> {
    /** A page of tags, and the {@code last} of the next page (null when there is none). */
    record Page(List<String> tags, String next) {}

    /** A page larger than this is refused (a registry's whole list is about 40 bytes a tag). */
    private static final int MAX_BYTES = 4 << 20;
    private static final int PAGE = 1000;

    @Override
    public URI uri(String base) {
        String query = "?n=" + PAGE + (last == null ? "" : "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8));
        return RegistryEndpoint.repositoryUri(base, image, "/tags/list" + query);
    }

    @Override
    public Page handle(Response r) throws IOException {
        InputStream body = r.body();
        if (r.status() != 200) throw RegistryErrors.failure(image, r.status(), body, "the tags of " + image.repository());
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) throw new ImageException(image.repository() + ": the list of tags is larger than " + MAX_BYTES + " bytes");
        List<String> tags;
        try {
            tags = JsonObject.of(JsonText.parse(bytes), "tags list").optStrings("tags");
        } catch (JsonException e) {
            throw new ImageException(image.repository() + ": malformed list of tags: " + e.getMessage());
        }
        for (String t : tags)
            if (!ImageReference.isTag(t)) throw new ImageException(image.repository() + ": the registry lists '" + t + "', which is no tag");
        return new Page(tags, r.headers().first("Link").map(TagsEndpoint::nextLast).orElse(null));
    }

    /** The {@code last} of a Link header's rel="next" address (the distribution spec's paging), or null. */
    static String nextLast(String link) {
        if (!link.contains("rel=\"next\"")) return null;
        int q = link.indexOf('?'), end = link.indexOf('>');
        if (q < 0 || end < q) return null;
        for (String part : link.substring(q + 1, end).split("&"))
            if (part.startsWith("last=")) return java.net.URLDecoder.decode(part.substring(5), StandardCharsets.UTF_8);
        return null;
    }
}
