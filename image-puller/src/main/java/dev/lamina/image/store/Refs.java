package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import dev.lamina.image.json.Json;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The store's names: refs.json maps each image name to a manifest digest. Rewritten whole and atomically. */
final class Refs {
    private final Path file;
    private final Path tmp;

    Refs(Path file, Path tmp) {
        this.file = file;
        this.tmp = tmp;
    }

    Map<ImageReference, Digest> read() throws IOException {
        Map<ImageReference, Digest> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        try {
            Json.Obj root = (Json.Obj) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            root.object("refs").fields().forEach((name, digest) ->
                    out.put(ImageReference.parse(name), Digest.parse(((Json.Str) digest).value())));
        } catch (RuntimeException e) {
            throw new ImageException("the image store's names (" + file + ") are damaged: " + e.getMessage());
        }
        return out;
    }

    void write(Map<ImageReference, Digest> refs) throws IOException {
        Map<String, Json> sorted = new TreeMap<>();
        refs.forEach((r, d) -> sorted.put(r.toString(), Json.of(d.toString())));
        String json = Json.object(Map.of("refs", Json.object(sorted))).pretty() + "\n";
        AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8), tmp);
    }
}
