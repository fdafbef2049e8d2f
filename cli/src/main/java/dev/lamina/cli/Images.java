package dev.lamina.cli;

import dev.lamina.image.IoMessages;
import dev.lamina.image.ImageException;
import dev.lamina.image.archive.RootfsImport;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CLI's view of the image store: where it is, and the built-in default image. */
final class Images {
    /** The name the built-in busybox image gets on first use. */
    static final String DEFAULT_IMAGE = "localhost/lamina/default:latest";

    private Images() {}

    static ImageStore store() {
        return ImageStore.open(DataRoot.path().resolve("images"));
    }

    /** The image a user names; null when the store has none by that name. */
    static StoredImage find(ImageStore store, String name) {
        try {
            return store.find(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image store: " + IoMessages.describe(e), e);
        }
    }

    /** The default image, imported from the installation on first use: no network needed. */
    static StoredImage defaultImage(ImageStore store) {
        StoredImage image = find(store, DEFAULT_IMAGE);
        if (image != null) return image;
        Path tarball = Path.of(System.getProperty("lamina.home", ".")).resolve("lib/default-image.tar");
        try (InputStream in = Files.newInputStream(tarball)) {
            return RootfsImport.run(store, in, ImageReference.parse(DEFAULT_IMAGE), List.of("/bin/sh"), Limits.defaults());
        } catch (IOException e) {
            throw new ImageException("cannot load the built-in image from " + tarball + ": " + IoMessages.describe(e), e);
        }
    }

    static ImageException noSuchImage(String name) {
        return new ImageException("no such image: " + name);
    }

    static ImageReference reference(String text) {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }
}
