package dev.lamina.engine.build;

import dev.lamina.engine.images.Images;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The build cache, keyed as the classic builder matches a step: the image it starts
 * from, what it does (its history text, which holds the instruction with its words
 * expanded and, for RUN, the build arguments it sees), and what it reads (for COPY and
 * ADD the digest of the sources' names, modes and contents). A key names the image the
 * step made (by its manifest, which finds it without reading the others); a key whose
 * image was removed is a miss.
 */
final class BuildCache {
    private final Path dir;

    BuildCache(Path dir) {
        this.dir = dir;
    }

    /** The key of a step on {@code parent} (null: a stage from scratch). */
    static String key(StoredImage parent, String createdBy, String inputs) {
        String text = (parent == null ? "" : parent.id()) + "\n" + createdBy + "\n" + (inputs == null ? "" : inputs);
        return Digest.of(text.getBytes(StandardCharsets.UTF_8)).hex();
    }

    StoredImage find(String key, Images images) {
        Path p = dir.resolve(key);
        try {
            if (!Files.isRegularFile(p)) return null;
            String manifest = Files.readString(p, StandardCharsets.US_ASCII).strip();
            return manifest.matches("sha256:[0-9a-f]{64}") ? images.store().kept(Digest.parse(manifest)) : null;
        } catch (IOException e) {
            return null; // unreadable: built again
        }
    }

    void put(String key, StoredImage made) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".key-", "");
            Files.writeString(tmp, made.manifestDigest().toString(), StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build cache in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Forgets every key (`docker builder prune`). */
    void clear() {
        if (!Files.isDirectory(dir)) return;
        try (var keys = Files.list(dir)) {
            for (Path p : keys.toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the build cache in " + dir + ": " + e.getMessage(), e);
        }
    }
}
