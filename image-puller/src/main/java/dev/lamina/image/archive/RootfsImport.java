package dev.lamina.image.archive;

import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * `lamina import`: a root file system tarball (plain, gzip or zstd) becomes a
 * one-layer image, as `docker import` makes it. The tarball is stored as it came,
 * as the layer blob; its media type follows its compression.
 */
public final class RootfsImport {
    private RootfsImport() {}

    /** Imports {@code tarball} as {@code name} (null: no name, a dangling image as moby's import without one); on
     * failure the store keeps nothing of it. */
    public static StoredImage run(ImageStore store, InputStream tarball, ImageReference name, List<String> cmd, Limits limits) throws IOException {
        return run(store, tarball, name, cmd, config -> {}, null, limits);
    }

    /** As above, with the run config changed by {@code change} and a history comment (`docker import --change`, `-m`). */
    public static StoredImage run(ImageStore store, InputStream tarball, ImageReference name, List<String> cmd,
                                  java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change, String comment,
                                  Limits limits) throws IOException {
        try {
            return runLocked(store, tarball, name, cmd, change, comment, limits);
        } catch (IOException | RuntimeException e) {
            store.discardUnreferenced();
            throw e;
        }
    }

    private static StoredImage runLocked(ImageStore store, InputStream tarball, ImageReference name, List<String> cmd,
                                         java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change,
                                         String comment, Limits limits) throws IOException {
        try (StoreLock.Held ignored = store.using()) {
            Digest blob = store.blobs().put(tarball, null, -1);
            Path blobPath = store.blobs().path(blob);
            String label = name == null ? "import" : name.familiar();
            Digest diffId = store.layers().unpackImported(blobPath, limits, label);
            byte[] config = ImageConfig.forImport(Platform.host(), diffId, cmd, Instant.now().toString(), change, comment);
            Digest configDigest = store.blobs().put(config, null);
            Manifest manifest = new Manifest(MediaTypes.OCI_MANIFEST,
                    new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length),
                    List.of(new Descriptor(layerType(blobPath), blob, Files.size(blobPath))));
            Digest manifestDigest = store.blobs().put(manifest.toBytes(), null);
            StoredImage image = store.commit(manifestDigest, name == null ? List.of() : List.of(name), limits, label);
            if (name == null) store.hold(image, HoldReason.UNTAGGED); // kept, dangling, until pruned or named
            return image;
        }
    }

    static String layerType(Path blob) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(blob)) {
            n = in.readNBytes(head, 0, 4);
        }
        return switch (Decompression.detect(head, n)) {
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            case PLAIN -> MediaTypes.OCI_LAYER;
        };
    }
}
