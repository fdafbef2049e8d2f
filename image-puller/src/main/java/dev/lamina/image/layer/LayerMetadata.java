package dev.lamina.image.layer;

import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonException;
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

    public Json toJson() {
        Map<String, Json> f = new LinkedHashMap<>();
        f.put("whiteouts", Json.strings(whiteouts));
        f.put("opaques", Json.strings(opaques));
        f.put("implicitDirs", Json.strings(implicitDirs));
        List<Json> specials = new ArrayList<>();
        for (SpecialFile s : specialFiles) {
            Map<String, Json> e = new LinkedHashMap<>();
            e.put("path", Json.of(s.path()));
            e.put("type", Json.of(s.type().name()));
            e.put("mode", Json.of(s.mode()));
            e.put("uid", Json.of(s.uid()));
            e.put("gid", Json.of(s.gid()));
            e.put("major", Json.of(s.major()));
            e.put("minor", Json.of(s.minor()));
            specials.add(Json.object(e));
        }
        f.put("specialFiles", new Json.Arr(specials));
        Map<String, Json> owners = new LinkedHashMap<>();
        this.owners.forEach((path, o) -> owners.put(path, new Json.Arr(List.of(Json.of(o.uid()), Json.of(o.gid())))));
        f.put("owners", Json.object(owners));
        Map<String, Json> xattrs = new LinkedHashMap<>();
        this.xattrs.forEach((path, values) -> {
            Map<String, Json> encoded = new LinkedHashMap<>();
            values.forEach((name, value) -> encoded.put(name, Json.of(Base64.getEncoder().encodeToString(value))));
            xattrs.put(path, Json.object(encoded));
        });
        f.put("xattrs", Json.object(xattrs));
        return Json.object(f);
    }

    /** Reads back what {@link #toJson} wrote; anything else is refused with a {@link JsonException}. */
    public static LayerMetadata fromJson(Json json) {
        Json.Obj o = json.asObject("layer metadata");
        List<SpecialFile> specials = new ArrayList<>();
        for (Json j : o.array("specialFiles")) {
            Json.Obj e = j.asObject("a special file");
            specials.add(new SpecialFile(e.string("path"), type(e.string("type")), (int) e.number("mode"),
                    e.number("uid"), e.number("gid"), (int) e.number("major"), (int) e.number("minor")));
        }
        Map<String, Owner> owners = new LinkedHashMap<>();
        o.object("owners").fields().forEach((path, v) -> {
            List<Json> ids = v.asArray("the owner of '" + path + "'");
            if (ids.size() != 2) throw new JsonException("the owner of '" + path + "' must be [uid, gid]");
            owners.put(path, new Owner(ids.get(0).asInteger("a uid"), ids.get(1).asInteger("a gid")));
        });
        Map<String, Map<String, byte[]>> xattrs = new LinkedHashMap<>();
        Json.Obj recorded = o.optObject("xattrs");
        for (String path : recorded.fields().keySet()) {
            Json.Obj values = recorded.object(path);
            Map<String, byte[]> decoded = new TreeMap<>();
            for (String name : values.fields().keySet()) decoded.put(name, Base64.getDecoder().decode(values.string(name)));
            xattrs.put(path, decoded);
        }
        return new LayerMetadata(o.optStrings("whiteouts"), o.optStrings("opaques"), o.optStrings("implicitDirs"), specials, owners,
                xattrs);
    }

    private static TarEntry.Type type(String name) {
        try {
            return TarEntry.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new JsonException("'" + name + "' is not a file type");
        }
    }
}
