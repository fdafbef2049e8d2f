package dev.lamina.image.oci;

import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image config a container starts from, and the layers' uncompressed
 * digests (diff ids) that the unpacked layers are checked against.
 */
public record ImageConfig(Platform platform, List<String> entrypoint, List<String> cmd, List<String> env,
                          String workingDir, String user, List<Digest> diffIds, String created, Json.Obj raw) {
    public static final int MAX_BYTES = 8 << 20;

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        diffIds = List.copyOf(diffIds);
    }

    public static ImageConfig parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new JsonException("image config is larger than " + MAX_BYTES + " bytes");
        Json.Obj o = Json.parse(new String(bytes, StandardCharsets.UTF_8)).asObject("an image config");
        Json.Obj c = o.optObject("config");
        Json.Obj rootfs = o.object("rootfs");
        if (!rootfs.string("type").equals("layers")) throw new JsonException("rootfs type must be 'layers'");
        List<Digest> diffIds = new ArrayList<>();
        for (Json j : rootfs.array("diff_ids")) {
            try {
                diffIds.add(Digest.parse(j.asString("a diff id")));
            } catch (IllegalArgumentException e) {
                throw new JsonException(e.getMessage());
            }
        }
        Platform platform = new Platform(o.optString("os", "linux"), o.optString("architecture", "amd64"), o.optString("variant", ""));
        return new ImageConfig(platform, c.optStrings("Entrypoint"), c.optStrings("Cmd"), c.optStrings("Env"),
                c.optString("WorkingDir", ""), c.optString("User", ""), diffIds, o.optString("created", ""), o);
    }

    /** A config for an imported root filesystem: one layer, the given command, Docker's default PATH. */
    public static byte[] forImport(Platform platform, Digest diffId, List<String> cmd, String created) {
        Map<String, Json> config = new LinkedHashMap<>();
        config.put("Env", Json.strings(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
        config.put("Cmd", Json.strings(cmd));
        Map<String, Json> rootfs = new LinkedHashMap<>();
        rootfs.put("type", Json.of("layers"));
        rootfs.put("diff_ids", Json.strings(List.of(diffId.toString())));
        Map<String, Json> f = new LinkedHashMap<>();
        f.put("architecture", Json.of(platform.architecture()));
        f.put("os", Json.of(platform.os()));
        f.put("created", Json.of(created));
        f.put("config", Json.object(config));
        f.put("rootfs", Json.object(rootfs));
        return Json.object(f).write().getBytes(StandardCharsets.UTF_8);
    }
}
