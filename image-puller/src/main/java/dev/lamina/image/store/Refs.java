package dev.lamina.image.store;

import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonException;
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
            Json.Obj root = Json.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).asObject("the names file");
            root.object("refs").fields().forEach((name, digest) ->
                    out.put(ImageReference.parse(name), Digest.parse(digest.asString("the digest of '" + name + "'"))));
        } catch (JsonException | IllegalArgumentException e) {
            throw StoreDamage.of(file, e, "remove that file, then pull, load or import the images again (their names are lost)");
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
