package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.ImageReference;
import java.net.URI;

/** Where an upload goes on: the answer's Location, which may be relative to the address asked. */
final class UploadLocation {
    private UploadLocation() {}

    static URI of(ImageReference image, Response r) {
        String location = r.headers().first("Location").orElse(null);
        if (location == null || location.isBlank()) throw new ImageException(image.familiar() + ": the registry's upload answer has no Location");
        try {
            return r.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new ImageException(image.familiar() + ": the registry's upload Location is not an address: " + location);
        }
    }

    /** {@code location} with one more query parameter (it may hold one already: the registry's state). */
    static URI withQuery(URI location, String param) {
        String s = location.toString();
        return URI.create(s + (location.getRawQuery() == null ? "?" : "&") + param);
    }
}
