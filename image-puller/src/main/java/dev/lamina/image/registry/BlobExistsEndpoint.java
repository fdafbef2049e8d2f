package dev.lamina.image.registry;

import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;

/** HEAD /v2/NAME/blobs/DIGEST: whether the repository holds the blob already, so a push need not send it. */
record BlobExistsEndpoint(ImageReference image, Digest digest) implements RegistryEndpoint<Boolean> {
    @Override
    public URI uri(String base) {
        return RegistryEndpoint.repositoryUri(base, image, "/blobs/" + digest);
    }

    @Override
    public Request prepare(Request request) {
        return request.as("HEAD", null);
    }

    @Override
    public Boolean handle(Response r) throws IOException {
        if (r.status() == 200) return true;
        if (r.status() == 404) return false;
        throw RegistryErrors.failure(image, r.status(), r.body(), "blob " + digest.shortId());
    }
}
