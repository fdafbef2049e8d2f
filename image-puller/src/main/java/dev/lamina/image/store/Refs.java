package dev.lamina.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
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
            JsonObject root = JsonObject.of(JsonText.parse(Files.readAllBytes(file)), "the names file");
            for (Map.Entry<String, JsonNode> e : root.object("refs").fields())
                out.put(ImageReference.parse(e.getKey()), Digest.parse(JsonObject.asString(e.getValue(), "the digest of '" + e.getKey() + "'")));
        } catch (JsonException | IllegalArgumentException e) {
            throw StoreDamage.of(file, e, "remove that file, then pull, load or import the images again (their names are lost)");
        }
        return out;
    }

    void write(Map<ImageReference, Digest> refs) throws IOException {
        Map<String, String> sorted = new TreeMap<>();
        refs.forEach((r, d) -> sorted.put(r.toString(), d.toString()));
        ObjectNode root = JsonText.object();
        ObjectNode names = root.putObject("refs");
        sorted.forEach(names::put);
        String json = JsonText.pretty(root) + "\n";
        AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8), tmp);
    }
}
