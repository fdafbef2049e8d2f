package dev.lamina.image.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An image made from another (or from nothing: {@code FROM scratch}) by adding one
 * layer or none, as a build step or a commit makes it: the parent's layers and
 * history, the new runtime config, one more history entry. The manifest keeps the
 * parent's format (Docker schema 2 or OCI) so a push gives registries what they
 * gave. The new layer is stored as written (gzip) and unpacked like a pulled one.
 */
public final class ChildImage {
    private ChildImage() {}

    /** The history entry of the step, as `docker history` shows it. */
    public record History(String createdBy, String comment, String author) {}

    /**
     * Makes and stores the child image. {@code layerGzip} is the new layer (a gzip tar
     * file) or null for a step that changes no file; {@code config} the new runtime
     * config (Docker's Config object); {@code history} null adds no entry (an empty base
     * image). The image gets {@code names}, and when it has
     * none is held for {@code hold}; on failure the store keeps nothing of it.
     */
    public static StoredImage make(ImageStore store, StoredImage parent, Platform platform, ObjectNode config, Path layerGzip,
                                   History history, List<ImageReference> names, HoldReason hold, Limits limits) throws IOException {
        try (StoreLock.Held ignored = store.using()) {
            List<Descriptor> layers = new ArrayList<>(parent == null ? List.of() : parent.manifest().layers());
            ObjectNode image = parent == null ? JsonText.object().put("architecture", platform.architecture()).put("os", platform.os())
                    : parent.config().raw().node().deepCopy();
            if (parent == null && !platform.variant().isEmpty()) image.put("variant", platform.variant());
            String manifestType = parent == null ? MediaTypes.OCI_MANIFEST : parent.manifest().mediaType();
            boolean docker = manifestType.equals(MediaTypes.DOCKER_MANIFEST);
            ObjectNode rootfs = image.withObject("/rootfs").put("type", "layers");
            ArrayNode diffIds = rootfs.withArray("/diff_ids");
            String created = Instant.now().toString();
            image.put("created", created);
            image.set("config", config);
            image.remove("container_config");
            image.remove("container");
            ObjectNode entry = history == null ? JsonText.object()
                    : image.withArray("/history").addObject().put("created", created).put("created_by", history.createdBy());
            if (history != null && history.comment() != null && !history.comment().isEmpty()) entry.put("comment", history.comment());
            if (history != null && history.author() != null && !history.author().isEmpty()) {
                entry.put("author", history.author());
                image.put("author", history.author());
            }
            if (layerGzip != null) {
                Digest blob;
                try (InputStream in = Files.newInputStream(layerGzip)) {
                    blob = store.blobs().put(in, null, -1);
                }
                Digest diffId = store.layers().unpackImported(store.blobs().path(blob), limits, "the new layer");
                diffIds.add(diffId.toString());
                layers.add(new Descriptor(docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP, blob, Files.size(layerGzip)));
            } else entry.put("empty_layer", true);
            byte[] configBytes = JsonText.write(image).getBytes(StandardCharsets.UTF_8);
            Digest configDigest = store.blobs().put(configBytes, null);
            Manifest manifest = new Manifest(manifestType,
                    new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layers);
            Digest manifestDigest = store.blobs().put(manifest.toBytes(), null);
            StoredImage made = store.commit(manifestDigest, names, limits, "the new image");
            if (names.isEmpty()) store.hold(made, hold);
            return made;
        } catch (IOException | RuntimeException e) {
            store.discardUnreferenced();
            throw e;
        }
    }
}
