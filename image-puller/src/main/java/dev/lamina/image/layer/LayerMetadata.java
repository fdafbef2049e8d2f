package dev.lamina.image.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an unpacked layer holds besides its files: whiteouts and opaque directories to
 * apply when flattening, directories the tar never listed (made only to hold their
 * children), device nodes and fifos (kept here, never created on the host),
 * owners the host could not apply because Lamina does not run as root, and the
 * extended attributes the layer gives (name to raw value, by path) for the kernel to serve.
 * Paths are relative to the layer root, "" being the root itself.
 */
public record LayerMetadata(List<String> whiteouts, List<String> opaques, List<String> implicitDirs,
                            List<SpecialFile> specialFiles, Map<String, Owner> owners, Map<String, Map<String, byte[]>> xattrs) {
    public record Owner(long uid, long gid) {}

    /** A device node or fifo, served by the kernel from this record. */
    public record SpecialFile(String path, TarEntry.Type type, int mode, long uid, long gid, int major, int minor) {}

    public LayerMetadata {
        whiteouts = List.copyOf(whiteouts);
        opaques = List.copyOf(opaques);
        implicitDirs = List.copyOf(implicitDirs);
        specialFiles = List.copyOf(specialFiles);
        owners = Map.copyOf(owners);
        Map<String, Map<String, byte[]>> copy = new LinkedHashMap<>();
        xattrs.forEach((path, values) -> copy.put(path, Collections.unmodifiableMap(new TreeMap<>(values))));
        xattrs = Collections.unmodifiableMap(copy);
    }

    /** The JSON the store keeps beside an unpacked layer or a flattened root. */
    public byte[] toJson() {
        ObjectNode f = JsonText.object();
        whiteouts.forEach(f.putArray("whiteouts")::add);
        opaques.forEach(f.putArray("opaques")::add);
        implicitDirs.forEach(f.putArray("implicitDirs")::add);
        ArrayNode specials = f.putArray("specialFiles");
        for (SpecialFile s : specialFiles)
            specials.addObject().put("path", s.path()).put("type", s.type().name()).put("mode", s.mode()).put("uid", s.uid())
                    .put("gid", s.gid()).put("major", s.major()).put("minor", s.minor());
        ObjectNode owners = f.putObject("owners");
        this.owners.forEach((path, o) -> owners.putArray(path).add(o.uid()).add(o.gid()));
        ObjectNode xattrs = f.putObject("xattrs");
        this.xattrs.forEach((path, values) -> {
            ObjectNode encoded = xattrs.putObject(path);
            values.forEach((name, value) -> encoded.put(name, Base64.getEncoder().encodeToString(value)));
        });
        return JsonText.write(f).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads back what {@link #toJson} wrote; anything else is refused with a {@link JsonException}. */
    public static LayerMetadata fromJson(byte[] json) {
        JsonObject o = JsonObject.of(JsonText.parse(json), "layer metadata");
        List<SpecialFile> specials = new ArrayList<>();
        for (JsonNode j : o.array("specialFiles")) {
            JsonObject e = JsonObject.of(j, "a special file");
            specials.add(new SpecialFile(e.string("path"), type(e.string("type")), (int) e.number("mode"),
                    e.number("uid"), e.number("gid"), (int) e.number("major"), (int) e.number("minor")));
        }
        Map<String, Owner> owners = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.object("owners").fields()) {
            String path = e.getKey();
            List<JsonNode> ids = JsonObject.asArray(e.getValue(), "the owner of '" + path + "'");
            if (ids.size() != 2) throw new JsonException("the owner of '" + path + "' must be [uid, gid]");
            owners.put(path, new Owner(JsonObject.asInteger(ids.get(0), "a uid"), JsonObject.asInteger(ids.get(1), "a gid")));
        }
        Map<String, Map<String, byte[]>> xattrs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.optObject("xattrs").fields()) {
            Map<String, byte[]> decoded = new TreeMap<>();
            for (Map.Entry<String, JsonNode> v : JsonObject.of(e.getValue(), "field '" + e.getKey() + "'").fields())
                decoded.put(v.getKey(), base64(JsonObject.asString(v.getValue(), "field '" + v.getKey() + "'"), v.getKey()));
            xattrs.put(e.getKey(), decoded);
        }
        return new LayerMetadata(o.optStrings("whiteouts"), o.optStrings("opaques"), o.optStrings("implicitDirs"), specials, owners,
                xattrs);
    }

    private static byte[] base64(String value, String name) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new JsonException("the value of '" + name + "' is not base64");
        }
    }

    private static TarEntry.Type type(String name) {
        try {
            return TarEntry.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new JsonException("'" + name + "' is not a file type");
        }
    }
}
