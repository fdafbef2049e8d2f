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
 * PUT /v2/NAME/manifests/TAG: the manifest's exact bytes with its media type, so
 * its digest stays the one the store knows; the registry must agree on it.
 */
record ManifestPutEndpoint(ImageReference image, String tag, byte[] manifest, String mediaType) implements RegistryEndpoint<Digest> {
    @Override
    public URI uri(String base) {
        return RegistryEndpoint.repositoryUri(base, image, "/manifests/" + tag);
    }

    @Override
    public Request prepare(Request request) {
        return request.as("PUT", RequestBody.of(manifest)).with("Content-Type", mediaType);
    }

    @Override
    public Digest handle(Response r) throws IOException {
        if (r.status() != 201 && r.status() != 200 && r.status() != 202)
            throw RegistryErrors.failure(image, r.status(), r.body(), "manifest " + tag);
        Digest digest = Digest.of(manifest);
        String claimed = r.headers().first("Docker-Content-Digest").orElse(digest.toString());
        if (!claimed.equals(digest.toString()))
            throw new ImageException(image.familiar() + ": the registry stored the manifest as " + claimed + ", not " + digest);
        return digest;
    }
}
