package dev.lamina.image.oci;

import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One image: its config blob and its layers, lowest first. */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
    /** More layers than any real image has; Docker's limit on overlay depth is 128. */
    public static final int MAX_LAYERS = 256;

    public Manifest {
        layers = List.copyOf(layers);
    }

    static Manifest from(Json.Obj o, String mediaType) {
        Descriptor config = Descriptor.from(o.get("config"));
        if (!MediaTypes.CONFIGS.contains(config.mediaType()))
            throw new JsonException("unsupported config media type '" + config.mediaType() + "' (not a container image?)");
        List<Json> raw = o.array("layers");
        if (raw.size() > MAX_LAYERS) throw new JsonException("manifest has " + raw.size() + " layers; at most " + MAX_LAYERS);
        List<Descriptor> layers = new ArrayList<>();
        for (Json j : raw) {
            Descriptor d = Descriptor.from(j);
            if (!MediaTypes.LAYERS.contains(d.mediaType()))
                throw new JsonException("layer " + d.digest() + " has unsupported media type '" + d.mediaType() + "'");
            layers.add(d);
        }
        return new Manifest(mediaType, config, layers);
    }

    /** The canonical bytes Lamina writes for manifests it makes (import, load). */
    public byte[] toBytes() {
        Map<String, Json> f = new LinkedHashMap<>();
        f.put("schemaVersion", Json.of(2));
        f.put("mediaType", Json.of(mediaType));
        f.put("config", config.toJson());
        f.put("layers", new Json.Arr(layers.stream().map(Descriptor::toJson).toList()));
        return Json.object(f).write().getBytes(StandardCharsets.UTF_8);
    }
}
