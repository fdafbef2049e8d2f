package dev.lamina.cli;

import dev.lamina.image.archive.ArchiveSaver;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lamina save -o FILE IMAGE...`: a tarball `docker load` and `lamina load` read. */
@Command(name = "save", description = {"Save images to a docker-archive tarball", "",
    "Writes the images to a tarball in docker save's layout (also an OCI image layout)."})
final class SaveCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the tarball to write (default: standard "
            + "output, unless it is a terminal)")
    private String output;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "the images, by name or id")
    private List<String> names;

    @Override
    public Integer call() throws IOException {
        ImageStore store = Images.store();
        List<StoredImage> images = ArchiveSaver.select(store, names, name -> {
            StoredImage image = Images.find(store, name);
            if (image == null) throw Images.noSuchImage(name);
            return image;
        });
        if (output == null) {
            if (System.console() != null && System.console().isTerminal())
                throw new Main.UsageError("refusing to write an archive to a terminal; use -o FILE or a redirect");
            // Not System.out, a PrintStream, which keeps a failed write (a full disk) to itself.
            OutputStream stdout = new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
            ArchiveSaver.save(store, images, stdout);
            stdout.flush();
            return 0;
        }
        // Written aside and renamed, so a failed save never leaves half a file under the name; so only
        // over a regular file, as the docker CLI checks (a rename would replace a device or a FIFO).
        Path target = Path.of(output).toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target))
            throw new Main.UsageError("invalid output path: " + output + " must be a regular file");
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
