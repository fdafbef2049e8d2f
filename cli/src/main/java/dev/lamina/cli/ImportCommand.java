package dev.lamina.cli;

import dev.lamina.image.archive.RootfsImport;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `lamina import FILE|- NAME`: a root file system tarball as a one-layer image. */
@Command(name = "import", description = {"Make an image from a root file system tarball", "",
    "Makes an image from a root file system tarball (plain, gzip or zstd), such as alpine's minirootfs."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Parameters(index = "0", paramLabel = "FILE|-", description = "the tarball, or '-' to read it from standard input")
    private String file;
    @Parameters(index = "1", paramLabel = "NAME[:TAG]", description = "the new image's name")
    private String name;

    @Override
    public Integer call() throws IOException {
        var reference = Images.reference(name);
        if (reference.digest() != null) throw new Main.UsageError("an imported image gets a tag, not a digest");
        StoredImage image = ArchiveInput.read(file, "Imported",
                in -> RootfsImport.run(Images.store(), in, reference, List.of("/bin/sh"), Limits.defaults()));
        System.out.println(image.id());
        return 0;
    }
}
