package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.registry.RegistryClient.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * GET /v2/NAME/manifests/REFERENCE: a manifest or index by tag or digest, any of the
 * kinds Lamina reads, no larger than {@link ManifestDocument#MAX_BYTES}; its digest must
 * match a digest reference and the registry's Docker-Content-Digest.
 */
record ManifestEndpoint(ImageReference image, String reference) implements RegistryEndpoint<FetchedManifest> {
    @Override
    public URI uri(String base) {
        return RegistryEndpoint.repositoryUri(base, image, "/manifests/" + reference);
    }

    @Override
    public Request prepare(Request request) {
        return request.with("Accept", MediaTypes.ACCEPT_MANIFESTS);
    }

    @Override
    public FetchedManifest handle(Response r) throws IOException {
        InputStream body = r.body();
        if (r.status() != 200) throw RegistryErrors.failure(image, r.status(), body, "manifest " + reference);
        byte[] bytes = body.readNBytes(ManifestDocument.MAX_BYTES + 1);
        if (bytes.length > ManifestDocument.MAX_BYTES)
            throw new ImageException(image.familiar() + ": manifest is larger than " + ManifestDocument.MAX_BYTES + " bytes");
        Digest digest = Digest.of(bytes);
        String claimed = r.headers().first("Docker-Content-Digest").orElse(null);
        if (reference.startsWith("sha256:") && !reference.equals(digest.toString()))
            throw new ImageException(image.familiar() + ": manifest " + reference + " does not match its digest (got " + digest + ")");
        if (claimed != null && claimed.startsWith("sha256:") && !claimed.equals(digest.toString()))
            throw new ImageException(image.familiar() + ": the registry says the manifest is " + claimed + " but it is " + digest);
        return new FetchedManifest(bytes, r.headers().first("Content-Type").orElse(null), digest);
    }
}
