package dev.lamina.image.registry;

import dev.lamina.image.http.Request;
import dev.lamina.image.http.RequestBody;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;

/**
 * PATCH LOCATION with one chunk of a blob and its Content-Range (START-END, inclusive,
 * as the distribution spec writes it, without "bytes"). The registry answers 202 and
 * where the session goes on; 416 when it holds another amount than START (part of a
 * cut chunk arrived), which is an IOException like the cut itself: ask how much it holds.
 */
record UploadChunkEndpoint(ImageReference image, URI location, RequestBody.FileRange chunk) implements RegistryEndpoint<URI> {
    @Override
    public URI uri(String base) {
        return location;
    }

    @Override
    public Request prepare(Request request) {
        long end = chunk.offset() + chunk.length() - 1;
        return request.as("PATCH", chunk).with("Content-Type", "application/octet-stream")
                .with("Content-Range", chunk.offset() + "-" + end);
    }

    @Override
    public URI handle(Response r) throws IOException {
        if (r.status() == 416) throw new IOException("the registry holds another part of the upload than " + chunk.offset() + " bytes");
        if (r.status() != 202 && r.status() != 204)
            throw RegistryErrors.failure(image, r.status(), r.body(), "upload of bytes from " + chunk.offset());
        return UploadLocation.of(image, r);
    }
}
