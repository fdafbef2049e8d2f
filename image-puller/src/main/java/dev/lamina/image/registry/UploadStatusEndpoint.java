package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;

/**
 * GET LOCATION: how much of a cut upload the registry holds (204 with Range: 0-LAST),
 * to go on from there. The distribution API says "0-0" both for nothing and for one
 * byte; it is taken as nothing (a registry holding one byte then refuses the chunk,
 * and the upload starts over).
 */
record UploadStatusEndpoint(ImageReference image, URI location) implements RegistryEndpoint<UploadStatusEndpoint.Status> {
    /** The registry holds {@code received} bytes; the session goes on at {@code location}. */
    record Status(URI location, long received) {}

    @Override
    public URI uri(String base) {
        return location;
    }

    @Override
    public Status handle(Response r) throws IOException {
        if (r.status() != 204 && r.status() != 202) throw RegistryErrors.failure(image, r.status(), r.body(), "upload status");
        String range = r.headers().first("Range").orElse("0-0").trim();
        if (!range.matches("(bytes=)?0-[0-9]{1,18}")) throw new ImageException(image.familiar() + ": the registry's upload status has a bad Range: " + range);
        long last = Long.parseLong(range.substring(range.indexOf('-') + 1));
        URI next = r.headers().first("Location").isPresent() ? UploadLocation.of(image, r) : location;
        return new Status(next, last == 0 ? 0 : last + 1);
    }
}
