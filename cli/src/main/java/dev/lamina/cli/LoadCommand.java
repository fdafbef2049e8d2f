package dev.lamina.cli;

import dev.lamina.image.archive.ArchiveLoader;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** `lamina load -i FILE|-`: images from a docker-archive or an OCI layout tarball. */
final class LoadCommand {
    static final String HELP = """
            Usage: lamina load [-i FILE|-] [--repository NAME]

            Loads the images of a tarball written by `docker save` (docker-archive)
            or of an OCI image layout tarball (`skopeo copy ... oci-archive:`), plain
            or compressed. Without -i, or with '-', reads standard input. Images an
            OCI layout names only by tag go in the repository given by --repository
            (default localhost/loaded).""";

    private LoadCommand() {}

    static int run(List<String> args, PrintStream out) throws IOException {
        String input = "-", repository = "localhost/loaded";
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-h", "--help" -> { out.println(HELP); return 0; }
                case "-i", "--input" -> input = value(args, ++i);
                case "--repository" -> repository = value(args, ++i);
                default -> throw new Main.UsageError("unexpected argument '" + args.get(i) + "' (see lamina load --help)");
            }
        }
        String repo = repository;
        List<StoredImage> images = ArchiveInput.read(input, "Loaded", in -> ArchiveLoader.load(Images.store(), in, Limits.defaults(), repo));
        for (StoredImage image : images)
            for (var name : image.names()) out.println("Loaded image: " + name.familiar());
        return 0;
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new Main.UsageError(args.get(i - 1) + " needs a value");
        return args.get(i);
    }
}
