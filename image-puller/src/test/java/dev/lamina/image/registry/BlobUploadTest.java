package dev.lamina.image.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A blob's upload against {@link UploadRegistry}: one PUT, chunks, a cut chunk resumed, a blob already there, a mount. */
class BlobUploadTest {
    private static final byte[] BLOB = "0123456789abcdefghijklmnopqrstuvwxyz!".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor LAYER = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(BLOB), BLOB.length);

    @TempDir
    Path dir;

    private String push(UploadRegistry registry, long chunk, List<String> mountFrom) throws IOException {
        Path file = Files.write(dir.resolve("blob"), BLOB);
        ImageReference image = ImageReference.parse(registry.host() + "/team/app:1");
        try (RegistryClient client = new RegistryClient(Credentials.none(), Set.of())) {
            return new BlobUpload(client, chunk).push(image, LAYER, file, mountFrom, ProgressListener.NONE);
        }
    }

    private static List<String> uploads(UploadRegistry registry) {
        return registry.requests.stream().filter(r -> !r.equals("GET /v2/")).map(r -> r.replaceAll("\\?_state=[0-9]+|u[0-9]+", ""))
                .toList();
    }

    @Test
    void aSmallBlobGoesInOnePut() throws IOException {
        try (UploadRegistry registry = new UploadRegistry()) {
            assertEquals(BlobUpload.PUSHED, push(registry, 1 << 20, List.of()));
            assertArrayEquals(BLOB, registry.blobs.get(LAYER.digest().toString()));
            assertEquals(List.of("HEAD /v2/team/app/blobs/" + LAYER.digest(), "POST /v2/team/app/blobs/uploads/",
                    "PUT /v2/team/app/blobs/uploads/&digest=" + LAYER.digest()), uploads(registry));
        }
    }

    @Test
    void aLargeBlobGoesInChunks() throws IOException {
        try (UploadRegistry registry = new UploadRegistry()) {
            assertEquals(BlobUpload.PUSHED, push(registry, 10, List.of()));
            assertArrayEquals(BLOB, registry.blobs.get(LAYER.digest().toString()));
            assertEquals(List.of("HEAD /v2/team/app/blobs/" + LAYER.digest(), "POST /v2/team/app/blobs/uploads/",
                    "PATCH /v2/team/app/blobs/uploads/ 0-9", "PATCH /v2/team/app/blobs/uploads/ 10-19",
                    "PATCH /v2/team/app/blobs/uploads/ 20-29", "PATCH /v2/team/app/blobs/uploads/ 30-36",
                    "PUT /v2/team/app/blobs/uploads/&digest=" + LAYER.digest()), uploads(registry));
        }
    }

    @Test
    void aCutChunkIsResumedWhereTheRegistryStands() throws IOException {
        try (UploadRegistry registry = new UploadRegistry()) {
            registry.cutPatch = 2;
            registry.cutAfter = 4; // the registry keeps bytes 10-13 of the cut chunk
            // The chunk is sent again on a fresh connection (the cut one had been reused); the registry
            // refuses it (416, it holds 14 bytes), the status says so, and the upload goes on from 14.
            assertEquals(BlobUpload.PUSHED, push(registry, 10, List.of()));
            assertArrayEquals(BLOB, registry.blobs.get(LAYER.digest().toString()));
            assertEquals(List.of("HEAD /v2/team/app/blobs/" + LAYER.digest(), "POST /v2/team/app/blobs/uploads/",
                    "PATCH /v2/team/app/blobs/uploads/ 0-9", "PATCH /v2/team/app/blobs/uploads/ 10-19",
                    "PATCH /v2/team/app/blobs/uploads/ 10-19", "GET /v2/team/app/blobs/uploads/", "PATCH /v2/team/app/blobs/uploads/ 14-23",
                    "PATCH /v2/team/app/blobs/uploads/ 24-33", "PATCH /v2/team/app/blobs/uploads/ 34-36",
                    "PUT /v2/team/app/blobs/uploads/&digest=" + LAYER.digest()), uploads(registry));
        }
    }

    @Test
    void aBlobTheRepositoryHasIsNotSent() throws IOException {
        try (UploadRegistry registry = new UploadRegistry()) {
            registry.blobs.put(LAYER.digest().toString(), BLOB);
            assertEquals(BlobUpload.EXISTS, push(registry, 10, List.of("team/base")));
            assertEquals(List.of("HEAD /v2/team/app/blobs/" + LAYER.digest()), uploads(registry));
        }
    }

    @Test
    void aBlobOfAnotherRepositoryIsMountedAndOtherwiseUploaded() throws IOException {
        try (UploadRegistry registry = new UploadRegistry()) {
            registry.mountable.put(LAYER.digest().toString(), "team/base");
            assertEquals(BlobUpload.MOUNTED + "team/base", push(registry, 10, List.of("team/other", "team/base")));
            assertTrue(registry.requests.stream().noneMatch(r -> r.startsWith("PATCH") || r.startsWith("PUT")), registry.requests::toString);
        }
        try (UploadRegistry registry = new UploadRegistry()) {
            // The mount refused: the session the registry opened instead takes the upload.
            assertEquals(BlobUpload.PUSHED, push(registry, 1 << 20, List.of("team/other")));
            assertEquals(List.of("HEAD /v2/team/app/blobs/" + LAYER.digest(),
                    "POST /v2/team/app/blobs/uploads/?mount=" + LAYER.digest() + "&from=team%2Fother",
                    "PUT /v2/team/app/blobs/uploads/&digest=" + LAYER.digest()), uploads(registry));
        }
    }
}
