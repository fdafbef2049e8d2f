package dev.lamina.cli;

import dev.lamina.image.archive.RootfsImport;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** `lamina import FILE|- NAME`: a root file system tarball as a one-layer image. */
final class ImportCommand {
    static final String HELP = """
            Usage: lamina import FILE|- NAME[:TAG]

            Makes an image from a root file system tarball (plain, gzip or zstd),
            such as alpine's minirootfs. '-' reads the tarball from standard input.""";

    private ImportCommand() {}

    static int run(List<String> args, PrintStream out) throws IOException {
        if (args.contains("--help") || args.contains("-h")) { out.println(HELP); return 0; }
        if (args.size() != 2) throw new Main.UsageError("usage: lamina import FILE|- NAME[:TAG]");
        var name = Images.reference(args.get(1));
        if (name.digest() != null) throw new Main.UsageError("an imported image gets a tag, not a digest");
        StoredImage image = ArchiveInput.read(args.get(0), "Imported",
                in -> RootfsImport.run(Images.store(), in, name, List.of("/bin/sh"), Limits.defaults()));
        out.println(image.id());
        return 0;
    }
}
