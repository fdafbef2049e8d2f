package dev.lamina.cli;

import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.util.List;

/** `lamina tag SOURCE TARGET`: another name for an image. */
final class TagCommand {
    private TagCommand() {}

    static int run(List<String> args) throws IOException {
        if (args.size() != 2) throw new Main.UsageError("usage: lamina tag SOURCE_IMAGE TARGET_IMAGE[:TAG]");
        ImageStore store = Images.store();
        StoredImage image = Images.find(store, args.get(0));
        if (image == null) throw Images.noSuchImage(args.get(0));
        var target = Images.reference(args.get(1));
        if (target.digest() != null) throw new Main.UsageError("a tag cannot name a digest: " + args.get(1));
        store.tag(image, target);
        return 0;
    }
}
