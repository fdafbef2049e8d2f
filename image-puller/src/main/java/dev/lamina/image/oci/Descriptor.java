package dev.lamina.image.oci;

import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonException;
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

    static Descriptor from(Json json) {
        if (!(json instanceof Json.Obj o)) throw new JsonException("a descriptor must be an object");
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
            Json.Obj p = o.object("platform");
            platform = new Platform(p.string("os"), p.string("architecture"), p.optString("variant", ""));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        o.optObject("annotations").fields().forEach((k, v) -> {
            if (v instanceof Json.Str(String s)) annotations.put(k, s);
        });
        return new Descriptor(o.string("mediaType"), digest, size, platform, annotations);
    }

    Json toJson() {
        Map<String, Json> f = new LinkedHashMap<>();
        f.put("mediaType", Json.of(mediaType));
        f.put("digest", Json.of(digest.toString()));
        f.put("size", Json.of(size));
        if (platform != null) {
            Map<String, Json> p = new LinkedHashMap<>();
            p.put("architecture", Json.of(platform.architecture()));
            p.put("os", Json.of(platform.os()));
            if (!platform.variant().isEmpty()) p.put("variant", Json.of(platform.variant()));
            f.put("platform", Json.object(p));
        }
        if (!annotations.isEmpty()) {
            Map<String, Json> a = new LinkedHashMap<>();
            annotations.forEach((k, v) -> a.put(k, Json.of(v)));
            f.put("annotations", Json.object(a));
        }
        return Json.object(f);
    }
}
