package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * GET /v2/NAME/blobs/DIGEST, from byte {@code from} on (a Range request when it is
 * past 0). {@link #handle} reads a small blob (a config) whole, up to {@code maxBytes},
 * and checks its digest; layers are streamed by {@link RegistryClient#blob}, which
 * resumes them.
 */
record BlobEndpoint(ImageReference image, Descriptor blob, long from, int maxBytes) implements RegistryEndpoint<byte[]> {
    /** The whole blob, read into memory: it must be no larger than maxBytes. */
    static BlobEndpoint small(ImageReference image, Descriptor blob, int maxBytes) {
        if (blob.size() > maxBytes)
            throw new ImageException(image.familiar() + ": " + blob.digest() + " is larger than " + maxBytes + " bytes");
        return new BlobEndpoint(image, blob, 0, maxBytes);
    }

    /** The blob from byte {@code from} on, to stream. */
    static BlobEndpoint from(ImageReference image, Descriptor blob, long from) {
        return new BlobEndpoint(image, blob, from, 0);
    }

    @Override
    public URI uri(String base) {
        return RegistryEndpoint.repositoryUri(base, image, "/blobs/" + blob.digest());
    }

    @Override
    public Request prepare(Request request) {
        return from > 0 ? request.with("Range", "bytes=" + from + "-") : request;
    }

    @Override
    public byte[] handle(Response r) throws IOException {
        InputStream body = r.body();
        if (r.status() != 200) throw RegistryErrors.failure(image, r.status(), body, "blob " + blob.digest().shortId());
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (!Digest.of(bytes).equals(blob.digest()))
            throw new ImageException(image.familiar() + ": blob " + blob.digest().shortId() + " does not match its digest");
        return bytes;
    }
}
