package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.PrintStream;
import java.util.List;

/** `lamina image inspect`: Docker's inspect fields, as a JSON array. */
final class ImageInspectCommand {
    private ImageInspectCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) throw new Main.UsageError("name at least one image");
        ImageStore store = Images.store();
        ArrayNode found = JsonText.array();
        int status = 0;
        for (String name : args) {
            StoredImage image = Images.find(store, name);
            if (image == null) {
                err.println("lamina: no such image: " + name);
                status = 1;
                continue;
            }
            found.add(describe(image));
        }
        out.println(JsonText.pretty(found));
        return status;
    }

    static ObjectNode describe(StoredImage image) {
        JsonObject config = image.config().raw();
        ObjectNode f = JsonText.object().put("Id", image.id().toString());
        image.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).forEach(f.putArray("RepoTags")::add);
        image.names().stream().map(n -> n.withTag(null).familiar() + "@" + image.manifestDigest()).distinct()
                .forEach(f.putArray("RepoDigests")::add);
        f.put("Created", image.config().created()).put("Architecture", image.config().platform().architecture());
        if (!image.config().platform().variant().isEmpty()) f.put("Variant", image.config().platform().variant());
        f.put("Os", image.config().platform().os()).put("Size", image.size());
        f.set("Config", config.optObject("config").node());
        f.set("RootFS", config.node().get("rootfs"));
        f.put("ManifestDigest", image.manifestDigest().toString()).put("ManifestMediaType", image.manifest().mediaType());
        return f;
    }
}
