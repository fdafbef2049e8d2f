package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `lamina image inspect`: Docker's inspect fields, as a JSON array. */
@Command(name = "inspect", description = {"Show images' details", "",
    "Prints Docker's inspect fields of each image, as a JSON array."})
final class ImageInspectCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "the images, by name or id")
    private List<String> names;

    @Override
    public Integer call() {
        ImageStore store = Images.store();
        ArrayNode found = JsonText.array();
        int status = 0;
        for (String name : names) {
            StoredImage image = Images.find(store, name);
            if (image == null) {
                System.err.println("lamina: no such image: " + name);
                status = 1;
                continue;
            }
            found.add(describe(image));
        }
        System.out.println(JsonText.pretty(found));
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
