package dev.lamina.cli;

import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.ImagePuller;
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

/** `lamina pull NAME[:TAG|@DIGEST] [--platform os/arch[/variant]]`. */
@Command(name = "pull", description = {"Pull an image from a registry", "",
    "Pulls an image from a registry into the store, with the logins of ~/.docker/config.json. Loopback registries "
            + "may use plain HTTP; others only when named with --insecure-registry or in LAMINA_INSECURE_REGISTRIES "
            + "(comma-separated)."})
final class PullCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "the platform to pull (default: this host's)")
    private String platform;
    @Option(names = "--insecure-registry", paramLabel = "HOST", description = "allow plain HTTP for HOST (repeatable)")
    private Set<String> insecure = new HashSet<>();
    @Option(names = {"-q", "--quiet"}, description = "print only the image name")
    private boolean quiet;
    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]", description = "the image to pull")
    private String name;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        StoredImage image = pull(Images.store(), name, platform == null ? null : platform(platform), quiet ? null : out, insecure);
        out.println(quiet ? image.names().getFirst().familiar() : "Pulled " + image.names().getFirst().familiar() + " (" + image.id().shortId() + ")");
        return 0;
    }

    /** Pulls {@code name}; progress goes to {@code progressOut} (null for none). Also used by `lamina run`. */
    static StoredImage pull(ImageStore store, String name, Platform platform, PrintStream progressOut) {
        return pull(store, name, platform, progressOut, Set.of());
    }

    private static StoredImage pull(ImageStore store, String name, Platform platform, PrintStream progressOut, Set<String> extraInsecure) {
        ImageReference ref = Images.reference(name);
        RegistryEnvironment registries;
        try {
            registries = RegistryEnvironment.read(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
        TransferProgress progress = progressOut == null ? null
                : TransferProgress.on(progressOut, progressOut == System.out && TransferProgress.interactive());
        if (progressOut != null) progressOut.println("Pulling " + ref.familiar());
        try (RegistryClient client = registries.client(extraInsecure)) {
            return new ImagePuller(client, store, Limits.defaults()).pull(ref, platform != null ? platform : Platform.host(),
                    progress == null ? dev.lamina.image.registry.ProgressListener.NONE : progress);
        } finally {
            if (progress != null) progress.close();
        }
    }

    static Platform platform(String text) {
        try {
            return Platform.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }
}
