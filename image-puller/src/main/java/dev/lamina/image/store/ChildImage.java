package dev.lamina.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.ImageException;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A new image made from a parent image, one more layer (or none) and a new run
 * config, as `docker commit` and each step of `docker build` make one: the parent's
 * config with {@code config} replaced, the layer's diff id appended to
 * {@code rootfs.diff_ids} and one entry appended to {@code history}. Its manifest
 * keeps the parent's kind (OCI or Docker schema 2) and layers.
 */
public final class ChildImage {
    private ChildImage() {}

    /**
     * The history entry of the step: when, what made it (Docker puts the container's
     * command here for a commit, the instruction for a build step), the comment and author
     * ({@code ""} for none; empty fields are left out, as Docker leaves them out).
     */
    public record History(Instant created, String createdBy, String comment, String author) {}

    /**
     * Makes the image and gives it {@code names} (at least one: `docker commit` with a
     * name). {@code layer} null, or a layer without entries, adds no
     * layer: the history entry says {@code empty_layer}. {@code runConfig} is Docker's
     * container Config (Cmd, Env, ...), the image config's "config". On failure the
     * store keeps nothing of it; the blob file is left to the caller either way.
     */
    public static StoredImage commit(ImageStore store, StoredImage parent, LayerBlob layer, JsonNode runConfig, History history,
                                     List<ImageReference> names) throws IOException {
        if (names.isEmpty()) throw new IllegalArgumentException("an image needs a name, or a reason to be kept without one");
        return commit(store, parent, layer, runConfig, history, names, null);
    }

    /** The same, for an image that may have no name: then it is kept for {@code unnamed} (a build's step or result). */
    public static StoredImage commit(ImageStore store, StoredImage parent, LayerBlob layer, JsonNode runConfig, History history,
                                     List<ImageReference> names, HoldReason unnamed) throws IOException {
        if (!runConfig.isObject()) throw new IllegalArgumentException("the run config must be a JSON object");
        try (StoreLock.Held ignored = store.using()) {
            StoredImage made = commitLocked(store, parent, layer == null || layer.empty() ? null : layer, runConfig, history, names);
            if (names.isEmpty()) store.hold(made, unnamed);
            return made;
        } catch (IOException | RuntimeException e) {
            store.discardUnreferenced();
            throw e;
        }
    }

    /**
     * FROM scratch: an image of {@code platform} with no layer, no history and an empty
     * run config (OCI), kept as a build step: what a build's first step stands on.
     */
    public static StoredImage scratch(ImageStore store, Platform platform) throws IOException {
        ObjectNode c = JsonText.object().put("architecture", platform.architecture()).put("os", platform.os());
        if (!platform.variant().isEmpty()) c.put("variant", platform.variant());
        c.putObject("config");
        c.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        byte[] config = JsonText.write(c).getBytes(StandardCharsets.UTF_8);
        try (StoreLock.Held ignored = store.using()) {
            Digest configDigest = store.blobs().put(config, null);
            Manifest manifest = new Manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length), List.of());
            StoredImage made = store.commit(store.blobs().put(manifest.toBytes(), null), List.of(), Limits.ownLayers(), "scratch");
            store.hold(made, HoldReason.BUILD_STEP);
            return made;
        }
    }

    private static StoredImage commitLocked(ImageStore store, StoredImage parent, LayerBlob layer, JsonNode runConfig,
                                            History history, List<ImageReference> names) throws IOException {
        boolean docker = parent.manifest().mediaType().equals(MediaTypes.DOCKER_MANIFEST);
        List<Descriptor> layers = new ArrayList<>(parent.manifest().layers());
        if (layer != null) {
            try (InputStream in = Files.newInputStream(layer.file())) {
                store.blobs().put(in, layer.digest(), layer.size());
            }
            layers.add(new Descriptor(docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP, layer.digest(), layer.size()));
        }
        byte[] config = config(parent, layer == null ? null : layer.diffId(), runConfig, history);
        Digest configDigest = store.blobs().put(config, null);
        Manifest manifest = new Manifest(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest, config.length), layers);
        if (layers.size() > Manifest.MAX_LAYERS)
            throw new ImageException("the image would have " + layers.size() + " layers; at most " + Manifest.MAX_LAYERS);
        Digest manifestDigest = store.blobs().put(manifest.toBytes(), null);
        return store.commit(manifestDigest, names, Limits.ownLayers(), names.isEmpty() ? "the new image" : names.getFirst().familiar());
    }

    /** The parent's config document with the new run config, creation time, layer and history entry. */
    static byte[] config(StoredImage parent, Digest diffId, JsonNode runConfig, History history) {
        ObjectNode c = parent.config().raw().node().deepCopy();
        // What described the parent's own making (its build container, its comment) is not this image's.
        c.remove(List.of("container", "container_config", "docker_version", "author", "comment"));
        c.put("created", history.created().toString());
        if (!history.author().isEmpty()) c.put("author", history.author());
        if (!history.comment().isEmpty()) c.put("comment", history.comment());
        c.set("config", runConfig.deepCopy());
        ObjectNode rootfs = c.putObject("rootfs").put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        parent.config().diffIds().forEach(d -> diffIds.add(d.toString()));
        if (diffId != null) diffIds.add(diffId.toString());
        ArrayNode past = c.path("history").isArray() ? (ArrayNode) c.get("history") : c.putArray("history");
        // A parent whose history lists fewer layers than it has (an import's, say) gets an entry for each missing one,
        // as `docker history` pairs them with its layers in order, so that the new entry stays the new layer's.
        long recorded = 0;
        for (JsonNode h : past) if (!h.path("empty_layer").asBoolean(false)) recorded++;
        for (long i = recorded; i < parent.config().diffIds().size(); i++) {
            ObjectNode filler = past.addObject();
            if (!parent.config().created().isEmpty()) filler.put("created", parent.config().created());
        }
        ObjectNode h = past.addObject().put("created", history.created().toString());
        if (!history.author().isEmpty()) h.put("author", history.author());
        if (!history.createdBy().isEmpty()) h.put("created_by", history.createdBy());
        if (!history.comment().isEmpty()) h.put("comment", history.comment());
        if (diffId == null) h.put("empty_layer", true);
        return JsonText.write(c).getBytes(StandardCharsets.UTF_8);
    }
}
