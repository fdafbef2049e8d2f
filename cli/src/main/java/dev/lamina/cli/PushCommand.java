package dev.lamina.cli;

import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.registry.ImagePusher;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.registry.RegistryEnvironment;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lamina push NAME[:TAG]`. */
@Command(name = "push", description = {"Push an image to a registry", "",
    "Pushes an image of the store to the registry its name gives, with the logins of ~/.docker/config.json: the "
            + "layers the repository lacks, then the manifest as stored, so its digest stays the same. Loopback "
            + "registries may use plain HTTP; others only when named with --insecure-registry or in "
            + "LAMINA_INSECURE_REGISTRIES (comma-separated)."})
final class PushCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = "--insecure-registry", paramLabel = "HOST", description = "allow plain HTTP for HOST (repeatable)")
    private Set<String> insecure = new HashSet<>();
    @Option(names = {"-q", "--quiet"}, description = "print only the digest")
    private boolean quiet;
    @Parameters(paramLabel = "NAME[:TAG]", description = "the image to push, by the name it has in the store (default tag: latest)")
    private String name;

    @Override
    public Integer call() {
        ImageReference ref = Images.reference(name);
        if (ref.digest() != null) throw new Main.UsageError("cannot push a digest reference: " + name);
        ImageStore store = Images.store();
        StoredImage image = Images.find(store, ref.toString());
        if (image == null || !image.names().contains(ref)) throw Images.noSuchImage(ref.familiar());
        RegistryEnvironment registries;
        try {
            registries = RegistryEnvironment.read(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
        PrintStream out = System.out;
        if (!quiet) out.println("The push refers to repository [" + ref.name() + "]");
        ImagePusher.Pushed pushed;
        try (RegistryClient client = registries.client(insecure);
                TransferProgress progress = quiet ? null : TransferProgress.on(out, TransferProgress.interactive())) {
            pushed = new ImagePusher(client, store, ImagePusher.DEFAULT_CHUNK).push(image, ref,
                    progress == null ? dev.lamina.image.registry.ProgressListener.NONE : progress);
        }
        out.println(quiet ? pushed.digest().toString() : ref.tag() + ": digest: " + pushed.digest() + " size: " + pushed.size());
        return 0;
    }
}
