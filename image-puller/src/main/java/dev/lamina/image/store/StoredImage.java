package dev.lamina.image.store;

import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.util.List;

/** An image in the store: its names, manifest and config. The id is the config's digest, as Docker's. */
public record StoredImage(List<ImageReference> names, Digest manifestDigest, Manifest manifest, ImageConfig config) {
    public StoredImage {
        names = List.copyOf(names);
    }

    public Digest id() { return manifest.config().digest(); }

    /** The same image with names another manifest of its config has too. */
    StoredImage alsoNamed(List<ImageReference> more) {
        List<ImageReference> all = new java.util.ArrayList<>(names);
        for (ImageReference r : more) if (!all.contains(r)) all.add(r);
        return new StoredImage(all, manifestDigest, manifest, config);
    }

    /** Compressed size of config and layers, as `lamina images` shows it. */
    public long size() {
        return manifest.config().size() + manifest.layers().stream().mapToLong(d -> d.size()).sum();
    }
}
