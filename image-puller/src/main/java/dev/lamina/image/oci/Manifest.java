package dev.lamina.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One image: its config blob and its layers, lowest first. */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
    /** More layers than any real image has; Docker's limit on overlay depth is 128. */
    public static final int MAX_LAYERS = 256;

    public Manifest {
        layers = List.copyOf(layers);
    }

    static Manifest from(JsonObject o, String mediaType) {
        Descriptor config = Descriptor.from(o.node().get("config"));
        if (!MediaTypes.CONFIGS.contains(config.mediaType()))
            throw new JsonException("unsupported config media type '" + config.mediaType() + "' (not a container image?)");
        List<JsonNode> raw = o.array("layers");
        if (raw.size() > MAX_LAYERS) throw new JsonException("manifest has " + raw.size() + " layers; at most " + MAX_LAYERS);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode j : raw) {
            Descriptor d = Descriptor.from(j);
            if (!MediaTypes.LAYERS.contains(d.mediaType()))
                throw new JsonException("layer " + d.digest() + " has unsupported media type '" + d.mediaType() + "'");
            layers.add(d);
        }
        return new Manifest(mediaType, config, layers);
    }

    /** The canonical bytes Lamina writes for manifests it makes (import, load). */
    public byte[] toBytes() {
        ObjectNode f = JsonText.object().put("schemaVersion", 2).put("mediaType", mediaType);
        f.set("config", config.toJson());
        ArrayNode l = f.putArray("layers");
        layers.forEach(d -> l.add(d.toJson()));
        return JsonText.write(f).getBytes(StandardCharsets.UTF_8);
    }
}
