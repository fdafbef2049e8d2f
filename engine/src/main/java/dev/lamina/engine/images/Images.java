package dev.lamina.engine.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.Json;
import dev.lamina.image.IoMessages;
import dev.lamina.image.ImageException;
import dev.lamina.image.archive.RootfsImport;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The engine's view of the image store: finding images as Docker clients name them, and their configs. */
public final class Images {
    /** The name the built-in busybox image has in the store. */
    public static final String DEFAULT_IMAGE = "localhost/lamina/default:latest";

    private final ImageStore store;
    private final Path defaultImageTar;
    private final Events events;

    public Images(ImageStore store, Path defaultImageTar, Events events) {
        this.store = store;
        this.defaultImageTar = defaultImageTar;
        this.events = events;
    }

    public ImageStore store() { return store; }

    /** The image a client names (name, name:tag, id or id prefix); null when the store has none. */
    public StoredImage find(String name) {
        try {
            StoredImage image = store.find(name);
            if (image == null && isDefault(name)) image = importDefault();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image store: " + IoMessages.describe(e), e);
        }
    }

    private static boolean isDefault(String name) {
        try {
            return ImageReference.parse(name).equals(ImageReference.parse(DEFAULT_IMAGE));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The built-in image, imported from the installation on first use: no network needed (once, if asked for
     * twice at once). An import event says so, as for `docker import`: clients listing images on events see it.
     */
    private synchronized StoredImage importDefault() throws IOException {
        StoredImage done = store.find(DEFAULT_IMAGE);
        if (done != null) return done;
        if (!Files.isRegularFile(defaultImageTar)) return null;
        ImageReference ref = ImageReference.parse(DEFAULT_IMAGE);
        StoredImage image;
        try (InputStream in = Files.newInputStream(defaultImageTar)) {
            image = RootfsImport.run(store, in, ref, List.of("/bin/sh"), Limits.defaults());
        }
        events.publish("image", "import", image.id().toString(), Map.of("name", ref.familiar()));
        return image;
    }

    public List<StoredImage> list() {
        try {
            return store.list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image store: " + IoMessages.describe(e), e);
        }
    }

    /** The manifest each name stands for (its `RepoDigests` digest). */
    public java.util.Map<dev.lamina.image.ref.ImageReference, dev.lamina.image.ref.Digest> manifests() {
        try {
            return store.manifests();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image store: " + IoMessages.describe(e), e);
        }
    }

    /** The image's config document as stored (Docker's inspect shows parts of it). */
    public JsonNode config(StoredImage image) {
        try {
            return Json.MAPPER.readTree(store.blobs().read(image.id(), ImageConfig.MAX_BYTES));
        } catch (IOException e) {
            throw new ImageException("the config of image " + image.id().shortId() + " cannot be read: " + IoMessages.describe(e), e);
        }
    }
}
