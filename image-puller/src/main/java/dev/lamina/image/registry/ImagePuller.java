package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.ImageNotFound;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.ImageIndex;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import dev.lamina.image.IoMessages;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * `lamina pull`: resolves a name to one platform's manifest, fetches config and
 * layers (layers in parallel, each verified while it streams), then has the store
 * unpack and flatten them and record the name.
 */
public final class ImagePuller {
    private static final int PARALLEL_LAYERS = 3;
    private final RegistryClient client;
    private final ImageStore store;
    private final Limits limits;

    public ImagePuller(RegistryClient client, ImageStore store, Limits limits) {
        this.client = client;
        this.store = store;
        this.limits = limits;
    }

    /** Pulls {@code ref}; on failure the store keeps nothing of it (partial downloads stay, to be resumed). */
    public StoredImage pull(ImageReference ref, Platform platform, ProgressListener progress) {
        try {
            return pullLocked(ref, platform, progress);
        } catch (RuntimeException e) {
            store.discardUnreferenced();
            throw e;
        }
    }

    private StoredImage pullLocked(ImageReference ref, Platform platform, ProgressListener progress) {
        String label = ref.familiar();
        try (StoreLock.Held ignored = store.using()) {
            RegistryClient.FetchedManifest top = client.manifest(ref, ref.manifestReference());
            ManifestDocument doc = parse(top, label);
            RegistryClient.FetchedManifest chosen = top;
            boolean fromIndex = doc instanceof ImageIndex;
            if (doc instanceof ImageIndex index) {
                Descriptor d;
                try {
                    d = index.select(platform);
                } catch (JsonException e) {
                    throw new ImageNotFound(label + ": " + e.getMessage());
                }
                chosen = client.manifest(ref, d.digest().toString());
                doc = parse(chosen, label);
                if (!(doc instanceof Manifest)) throw new ImageException(label + ": the index entry for " + platform + " is not an image manifest");
            }
            Manifest manifest = (Manifest) doc;
            Descriptor configDescriptor = manifest.config();
            Digest configDigest = configDescriptor.digest();
            // A fetched config (its digest checked) is read at once and stored beside the layers' downloads, off their path.
            byte[] fetched = store.blobs().has(configDigest) ? null : client.smallBlob(ref, configDescriptor, ImageConfig.MAX_BYTES);
            ImageConfig config;
            try {
                config = ImageConfig.parse(fetched != null ? fetched : store.blobs().read(configDigest, ImageConfig.MAX_BYTES));
            } catch (JsonException e) {
                throw new ImageException(label + ": malformed image config: " + e.getMessage());
            }
            if (!fromIndex && !platform.matches(config.platform()))
                throw new ImageException(label + " is an image for " + config.platform() + ", not for " + platform);
            if (config.diffIds().size() != manifest.layers().size())
                throw new ImageException(label + ": the manifest has " + manifest.layers().size() + " layers but the config lists "
                        + config.diffIds().size());
            List<Parallel.Task> tasks = layerTasks(ref, manifest.layers(), config.diffIds(), progress);
            if (fetched != null) tasks.add(() -> store.blobs().put(fetched, configDigest));
            Parallel.run("lamina-pull", PARALLEL_LAYERS, tasks, ref.familiar());
            Digest manifestDigest = store.blobs().put(chosen.body(), chosen.digest());
            return store.commit(manifestDigest, List.of(ref), limits, label);
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": " + IoMessages.describe(e), e);
        }
    }

    /** Each layer's download, unpacked as it arrives unless the store has it. */
    private List<Parallel.Task> layerTasks(ImageReference ref, List<Descriptor> layers, List<Digest> diffIds, ProgressListener progress) {
        List<Parallel.Task> tasks = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            Digest diffId = diffIds.get(i);
            int n = i + 1;
            tasks.add(() -> {
                String id = d.digest().shortId();
                if (store.blobs().has(d.digest())) {
                    progress.finished(id, "Already exists");
                    return;
                }
                try {
                    if (store.layers().has(diffId)) {
                        store.blobs().download(d.digest(), d.size(), partial -> client.blob(ref, d, partial, progress, null));
                    } else {
                        // Unpacked as it arrives: download and unpack overlap, layers in parallel.
                        store.layers().unpackWhileDownloading(diffId, limits, unpacker ->
                                store.blobs().download(d.digest(), d.size(), partial -> client.blob(ref, d, partial, progress, unpacker::unpack)));
                    }
                } catch (ImageException e) {
                    throw new ImageException(ref.familiar() + ", layer " + n + " (" + id + "): " + e.getMessage()
                            .replace(ref.familiar() + ": ", ""));
                }
                progress.finished(id, "Pull complete");
            });
        }
        return tasks;
    }

    private static ManifestDocument parse(RegistryClient.FetchedManifest m, String label) {
        try {
            return ManifestDocument.parse(m.body(), m.contentType());
        } catch (JsonException e) {
            throw new ImageException(label + ": malformed manifest: " + e.getMessage());
        }
    }
}
