package dev.lamina.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.Platform;
import java.util.LinkedHashMap;
import java.util.Map;

/** A reference to content: its media type, digest and size, and for index entries its platform. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {
    public Descriptor {
        annotations = Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    static Descriptor from(JsonNode json) {
        JsonObject o = JsonObject.of(json, "a descriptor");
        Digest digest;
        try {
            digest = Digest.parse(o.string("digest"));
        } catch (IllegalArgumentException e) {
            throw new JsonException(e.getMessage());
        }
        long size = o.number("size");
        if (size < 0) throw new JsonException("descriptor " + digest + " has a negative size");
        Platform platform = null;
        if (o.has("platform")) {
            JsonObject p = o.object("platform");
            platform = new Platform(p.string("os"), p.string("architecture"), p.optString("variant", ""));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> a : o.optObject("annotations").fields())
            if (a.getValue().isTextual()) annotations.put(a.getKey(), a.getValue().textValue());
        return new Descriptor(o.string("mediaType"), digest, size, platform, annotations);
    }

    ObjectNode toJson() {
        ObjectNode f = JsonText.object().put("mediaType", mediaType).put("digest", digest.toString()).put("size", size);
        if (platform != null) {
            ObjectNode p = f.putObject("platform").put("architecture", platform.architecture()).put("os", platform.os());
            if (!platform.variant().isEmpty()) p.put("variant", platform.variant());
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = f.putObject("annotations");
            annotations.forEach(a::put);
        }
        return f;
    }
}
