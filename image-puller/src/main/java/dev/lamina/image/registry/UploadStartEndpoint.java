package dev.lamina.image.registry;

import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * POST /v2/NAME/blobs/uploads/: opens an upload session (202 and its Location). With
 * {@code mount} and {@code from} it asks first to link the blob from repository
 * {@code from} of the same registry (201: done); a registry that cannot opens a
 * session instead.
 */
record UploadStartEndpoint(ImageReference image, Digest mount, String from) implements RegistryEndpoint<UploadStart> {
    static UploadStartEndpoint fresh(ImageReference image) {
        return new UploadStartEndpoint(image, null, null);
    }

    @Override
    public URI uri(String base) {
        String query = mount == null ? "" : "?mount=" + mount + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        return RegistryEndpoint.repositoryUri(base, image, "/blobs/uploads/" + query);
    }

    @Override
    public Request prepare(Request request) {
        return request.as("POST", null);
    }

    @Override
    public UploadStart handle(Response r) throws IOException {
        if (r.status() == 201 && mount != null) return new UploadStart.Mounted();
        if (r.status() != 202) throw RegistryErrors.failure(image, r.status(), r.body(), "starting an upload");
        return new UploadStart.Session(UploadLocation.of(image, r));
    }
}
