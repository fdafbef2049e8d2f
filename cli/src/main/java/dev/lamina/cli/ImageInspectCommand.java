package dev.lamina.cli;

import dev.lamina.image.json.Json;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<Json> found = new ArrayList<>();
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
        System.out.println(new Json.Arr(found).pretty());
        return status;
    }

    static Json describe(StoredImage image) {
        Json.Obj config = image.config().raw();
        Map<String, Json> f = new LinkedHashMap<>();
        f.put("Id", Json.of(image.id().toString()));
        f.put("RepoTags", Json.strings(image.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList()));
        f.put("RepoDigests", Json.strings(image.names().stream()
                .map(n -> n.withTag(null).familiar() + "@" + image.manifestDigest()).distinct().toList()));
        f.put("Created", Json.of(image.config().created()));
        f.put("Architecture", Json.of(image.config().platform().architecture()));
        if (!image.config().platform().variant().isEmpty()) f.put("Variant", Json.of(image.config().platform().variant()));
        f.put("Os", Json.of(image.config().platform().os()));
        f.put("Size", Json.of(image.size()));
        f.put("Config", config.has("config") ? config.object("config") : new Json.Obj(Map.of()));
        f.put("RootFS", config.get("rootfs"));
        f.put("ManifestDigest", Json.of(image.manifestDigest().toString()));
        f.put("ManifestMediaType", Json.of(image.manifest().mediaType()));
        return Json.object(f);
    }
}
