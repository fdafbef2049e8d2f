package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
                    throw new ImageException(label + ": " + e.getMessage());
                }
                chosen = client.manifest(ref, d.digest().toString());
                doc = parse(chosen, label);
                if (!(doc instanceof Manifest)) throw new ImageException(label + ": the index entry for " + platform + " is not an image manifest");
            }
            Manifest manifest = (Manifest) doc;
            Descriptor configDescriptor = manifest.config();
            if (!store.blobs().has(configDescriptor.digest())) {
                byte[] config = client.smallBlob(ref, configDescriptor, ImageConfig.MAX_BYTES);
                store.blobs().put(config, configDescriptor.digest());
            }
            ImageConfig config;
            try {
                config = ImageConfig.parse(store.blobs().read(configDescriptor.digest(), ImageConfig.MAX_BYTES));
            } catch (JsonException e) {
                throw new ImageException(label + ": malformed image config: " + e.getMessage());
            }
            if (!fromIndex && !platform.matches(config.platform()))
                throw new ImageException(label + " is an image for " + config.platform() + "; this host runs " + platform);
            if (config.diffIds().size() != manifest.layers().size())
                throw new ImageException(label + ": the manifest has " + manifest.layers().size() + " layers but the config lists "
                        + config.diffIds().size());
            fetchLayers(ref, manifest.layers(), config.diffIds(), progress);
            Digest manifestDigest = store.blobs().put(chosen.body(), chosen.digest());
            return store.commit(manifestDigest, List.of(ref), limits, label);
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": " + IoMessages.describe(e), e);
        }
    }

    private void fetchLayers(ImageReference ref, List<Descriptor> layers, List<Digest> diffIds, ProgressListener progress) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_LAYERS, r -> {
            Thread t = new Thread(r, "lamina-pull");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Descriptor d = layers.get(i);
                Digest diffId = diffIds.get(i);
                int n = i + 1;
                running.add(pool.submit(() -> {
                    String id = d.digest().shortId();
                    if (store.blobs().has(d.digest())) {
                        progress.finished(id, "Already exists");
                        return null;
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
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new ImageException(ref.familiar() + ": " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageException(ref.familiar() + ": interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ManifestDocument parse(RegistryClient.FetchedManifest m, String label) {
        try {
            return ManifestDocument.parse(m.body(), m.contentType());
        } catch (JsonException e) {
            throw new ImageException(label + ": malformed manifest: " + e.getMessage());
        }
    }
}
