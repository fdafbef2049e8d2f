package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Request;
import dev.lamina.image.http.RequestBody;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;

/**
 * PUT LOCATION?digest=D: ends an upload, with the whole blob as its body (a monolithic
 * upload) or none after chunks; 201 once the registry has checked the digest.
 */
record UploadFinishEndpoint(ImageReference image, URI location, Digest digest, RequestBody.FileRange rest) implements RegistryEndpoint<Void> {
    @Override
    public URI uri(String base) {
        return UploadLocation.withQuery(location, "digest=" + digest);
    }

    @Override
    public Request prepare(Request request) {
        Request put = request.as("PUT", rest);
        return rest == null ? put : put.with("Content-Type", "application/octet-stream");
    }

    @Override
    public Void handle(Response r) throws IOException {
        if (r.status() != 201 && r.status() != 204) throw RegistryErrors.failure(image, r.status(), r.body(), "blob " + digest.shortId());
        String claimed = r.headers().first("Docker-Content-Digest").orElse(digest.toString());
        if (!claimed.equals(digest.toString()))
            throw new ImageException(image.familiar() + ": the registry stored blob " + digest.shortId() + " as " + claimed);
        return null;
    }
}
