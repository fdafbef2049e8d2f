package dev.lamina.image.store;

import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.util.List;

/**
 * An image in the store: its names, manifest and config, and the unpacked size of each
 * layer where the store knows it (-1, or none listed: not known). The id is the config's
 * digest, as Docker's.
 */
public record StoredImage(List<ImageReference> names, Digest manifestDigest, Manifest manifest, ImageConfig config,
                          List<Long> layerSizes) {
    public StoredImage {
        names = List.copyOf(names);
        layerSizes = List.copyOf(layerSizes);
    }

    /** Without layer sizes: each layer's counts as its blob's. */
    public StoredImage(List<ImageReference> names, Digest manifestDigest, Manifest manifest, ImageConfig config) {
        this(names, manifestDigest, manifest, config, List.of());
    }

    public Digest id() { return manifest.config().digest(); }

    /** The same image with names another manifest of its config has too. */
    StoredImage alsoNamed(List<ImageReference> more) {
        List<ImageReference> all = new java.util.ArrayList<>(names);
        for (ImageReference r : more) if (!all.contains(r)) all.add(r);
        return new StoredImage(all, manifestDigest, manifest, config, layerSizes);
    }

    /** Layer {@code i}'s size as Docker shows it, unpacked (its blob's size where that is not known). */
    public long layerSize(int i) {
        long known = i < layerSizes.size() ? layerSizes.get(i) : -1;
        return known >= 0 ? known : manifest.layers().get(i).size();
    }

    /** The image's size as `docker images` shows it: its layers', unpacked. */
    public long size() {
        long total = 0;
        for (int i = 0; i < manifest.layers().size(); i++) total += layerSize(i);
        return total;
    }
}
