package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.IoMessages;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * `docker push`: an image of the store to a registry as it is stored: its layers
 * (several at once, each only if the repository lacks it, mounted from another
 * repository of the registry when one of the store's names says where it is), its
 * config, then its manifest's exact bytes under the tag, so the digest the registry
 * gives is the store's.
 */
public final class ImagePusher {
    /** Blobs up to this size go in one PUT; larger ones in PATCHes of this size, each resumable. */
    public static final long DEFAULT_CHUNK = 16L << 20;
    private static final int PARALLEL_LAYERS = 3;
    private final ImageStore store;
    private final BlobUpload uploads;
    private final RegistryClient client;

    public ImagePusher(RegistryClient client, ImageStore store, long chunkSize) {
        this.client = client;
        this.store = store;
        this.uploads = new BlobUpload(client, chunkSize);
    }

    /** What the registry now holds under the tag: the manifest's digest and size. */
    public record Pushed(ImageReference name, Digest digest, long size) {}

    /** Pushes {@code image} as {@code target} (a tagged name); each layer's progress goes to {@code progress}. */
    public Pushed push(StoredImage image, ImageReference target, ProgressListener progress) {
        if (target.tag() == null) throw new IllegalArgumentException("a push needs a tag: " + target);
        try (StoreLock.Held ignored = store.using()) {
            requireBlobs(image, target);
            byte[] manifest = store.blobs().read(image.manifestDigest(), ManifestDocument.MAX_BYTES);
            List<Descriptor> layers = image.manifest().layers().reversed(); // the top first, as Docker lists them
            for (Descriptor d : layers) progress.waiting(d.digest().shortId(), "Preparing");
            List<StoredImage> all = store.list();
            pushLayers(target, layers, all, progress);
            Descriptor config = image.manifest().config();
            uploads.push(target, config, store.blobs().path(config.digest()), mountFrom(config.digest(), target, all), ProgressListener.NONE);
            Digest digest = putManifest(target, manifest, image.manifest().mediaType());
            return new Pushed(target, digest, manifest.length);
        } catch (IOException e) {
            throw new UncheckedIOException(target.familiar() + ": " + IoMessages.describe(e), e);
        }
    }

    private Digest putManifest(ImageReference target, byte[] manifest, String mediaType) {
        try {
            return client.send(Access.push(target), new ManifestPutEndpoint(target, target.tag(), manifest, mediaType));
        } catch (IOException e) {
            throw RegistryErrors.unreachable(target, e);
        }
    }

    /** A blob the manifest names but the store lacks is named, rather than failing at the registry. */
    private void requireBlobs(StoredImage image, ImageReference target) {
        List<Descriptor> needed = new ArrayList<>();
        needed.add(new Descriptor("manifest", image.manifestDigest(), 0));
        needed.add(image.manifest().config());
        needed.addAll(image.manifest().layers());
        for (Descriptor d : needed)
            if (!store.blobs().has(d.digest()))
                throw new ImageException(target.familiar() + ": blob " + d.digest() + " of the image is missing from the store; pull or load the image again");
    }

    /** Other repositories of the target's registry that, by the store's names, hold {@code blob}: it may be mounted from them. */
    private static List<String> mountFrom(Digest blob, ImageReference target, List<StoredImage> all) {
        Set<String> repos = new LinkedHashSet<>();
        for (StoredImage i : all) {
            boolean has = i.manifest().config().digest().equals(blob) || i.manifest().layers().stream().anyMatch(d -> d.digest().equals(blob));
            if (!has) continue;
            for (ImageReference n : i.names())
                if (n.registry().equals(target.registry()) && !n.repository().equals(target.repository())) repos.add(n.repository());
        }
        return List.copyOf(repos);
    }

    private void pushLayers(ImageReference target, List<Descriptor> layers, List<StoredImage> all, ProgressListener progress) throws IOException {
        for (Descriptor d : layers) progress.waiting(d.digest().shortId(), "Waiting");
        List<Parallel.Task> tasks = new ArrayList<>();
        for (Descriptor d : layers) {
            tasks.add(() -> {
                String id = d.digest().shortId();
                try {
                    progress.finished(id, uploads.push(target, d, store.blobs().path(d.digest()), mountFrom(d.digest(), target, all), progress));
                } catch (ImageException e) {
                    throw new ImageException(target.familiar() + ", layer " + id + ": " + e.getMessage().replace(target.familiar() + ": ", ""), e);
                }
            });
        }
        Parallel.run("lamina-push", PARALLEL_LAYERS, tasks, target.familiar());
    }
}
