package dev.lamina.cli;

import dev.lamina.image.archive.ArchiveSaver;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** `lamina save -o FILE IMAGE...`: a tarball `docker load` and `lamina load` read. */
final class SaveCommand {
    static final String HELP = """
            Usage: lamina save [-o FILE] IMAGE...

            Writes the images to a tarball in docker save's layout (also an OCI image
            layout). Without -o, writes to standard output unless it is a terminal.""";

    private SaveCommand() {}

    private static ImageReference referenceOrNull(String text) {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        String output = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help" -> { out.println(HELP); return 0; }
                case "-o", "--output" -> {
                    if (++i >= args.size()) throw new Main.UsageError(a + " needs a value");
                    output = args.get(i);
                }
                default -> {
                    if (a.startsWith("-")) throw new Main.UsageError("unknown option " + a);
                    names.add(a);
                }
            }
        }
        if (names.isEmpty()) throw new Main.UsageError("name at least one image to save");
        ImageStore store = Images.store();
        List<StoredImage> images = new ArrayList<>();
        for (String name : names) {
            StoredImage image = Images.find(store, name);
            if (image == null) throw Images.noSuchImage(name);
            // As docker save: a name saves that name; an id saves all of the image's names.
            var named = image.names().stream().filter(n -> n.equals(referenceOrNull(name))).toList();
            images.add(named.isEmpty() ? image : new StoredImage(named, image.manifestDigest(), image.manifest(), image.config()));
        }
        if (output == null) {
            if (System.console() != null && System.console().isTerminal())
                throw new Main.UsageError("refusing to write an archive to a terminal; use -o FILE or a redirect");
            ArchiveSaver.save(store, images, out);
            out.flush();
            return 0;
        }
        // Written aside and renamed, so a failed save never leaves half a file under the name.
        Path target = Path.of(output).toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), ".lamina-save-", ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                ArchiveSaver.save(store, images, new java.io.BufferedOutputStream(o, 1 << 16));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return 0;
    }
}
