package dev.lamina.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an image config a container starts from, and the layers' uncompressed
 * digests (diff ids) that the unpacked layers are checked against.
 */
public record ImageConfig(Platform platform, List<String> entrypoint, List<String> cmd, List<String> env,
                          String workingDir, String user, List<Digest> diffIds, String created, JsonObject raw) {
    public static final int MAX_BYTES = 8 << 20;

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        diffIds = List.copyOf(diffIds);
    }

    public static ImageConfig parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new JsonException("image config is larger than " + MAX_BYTES + " bytes");
        JsonObject o = JsonObject.of(JsonText.parse(bytes), "an image config");
        JsonObject c = o.optObject("config");
        JsonObject rootfs = o.object("rootfs");
        if (!rootfs.string("type").equals("layers")) throw new JsonException("rootfs type must be 'layers'");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode j : rootfs.array("diff_ids")) {
            try {
                diffIds.add(Digest.parse(JsonObject.asString(j, "a diff id")));
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
        return forImport(platform, diffId, cmd, created, config -> {}, null);
    }

    /** As above, the run config then changed by {@code change} (`docker import --change`), and a history entry with
     * {@code comment} when there is one (`-m`). */
    public static byte[] forImport(Platform platform, Digest diffId, List<String> cmd, String created,
                                   java.util.function.Consumer<ObjectNode> change, String comment) {
        ObjectNode f = JsonText.object().put("architecture", platform.architecture()).put("os", platform.os()).put("created", created);
        ObjectNode config = f.putObject("config");
        // An image Lamina makes for itself (the built-in one) runs a shell on the usual PATH; one a user
        // imports has only what --change gives it, as dockerd's (a run then needs a command).
        if (!cmd.isEmpty()) {
            config.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            cmd.forEach(config.putArray("Cmd")::add);
        }
        change.accept(config);
        f.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(diffId.toString());
        if (comment != null) f.putArray("history").addObject().put("created", created).put("comment", comment);
        return JsonText.write(f).getBytes(StandardCharsets.UTF_8);
    }
}
