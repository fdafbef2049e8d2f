package dev.lamina.cli;

import dev.lamina.image.archive.ArchiveLoader;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `lamina load -i FILE|-`: images from a docker-archive or an OCI layout tarball. */
@Command(name = "load", description = {"Load images from a docker-archive or OCI layout tarball", "",
    "Loads the images of a tarball written by `docker save` (docker-archive) or of an OCI image layout tarball "
            + "(`skopeo copy ... oci-archive:`), plain or compressed."})
final class LoadCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-i", "--input"}, paramLabel = "FILE|-", description = "the tarball (default: '-', standard input)")
    private String input = "-";
    @Option(names = "--repository", paramLabel = "NAME", description = "the repository of images an OCI layout names "
            + "only by tag (default: localhost/loaded)")
    private String repository = "localhost/loaded";

    @Override
    public Integer call() throws IOException {
        List<StoredImage> images = ArchiveInput.read(input, "Loaded",
                in -> ArchiveLoader.load(Images.store(), in, Limits.defaults(), repository));
        for (StoredImage image : images) {
            if (image.names().isEmpty()) System.out.println("Loaded image ID: " + image.id());
            for (var name : image.names()) System.out.println("Loaded image: " + name.familiar());
        }
        return 0;
    }
}
