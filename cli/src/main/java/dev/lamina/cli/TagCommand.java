package dev.lamina.cli;

import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `lamina tag SOURCE TARGET`: another name for an image. */
@Command(name = "tag", description = "Give an image another name")
final class TagCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE", description = "the image, by name or id")
    private String source;
    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]", description = "its new name")
    private String target;

    @Override
    public Integer call() throws IOException {
        ImageStore store = Images.store();
        StoredImage image = Images.find(store, source);
        if (image == null) throw Images.noSuchImage(source);
        var name = Images.reference(target);
        if (name.digest() != null) throw new Main.UsageError("a tag cannot name a digest: " + target);
        store.tag(image, name);
        return 0;
    }
}
