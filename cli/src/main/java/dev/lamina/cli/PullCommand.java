package dev.lamina.cli;

import dev.lamina.image.http.Proxies;
import dev.lamina.image.http.Request;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.registry.ImagePuller;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** `lamina pull NAME[:TAG|@DIGEST] [--platform os/arch[/variant]]`. */
final class PullCommand {
    static final String HELP = """
            Usage: lamina pull [OPTIONS] NAME[:TAG|@DIGEST]

            Pulls an image from a registry into the store. Logins come from
            ~/.docker/config.json. Loopback registries may use plain HTTP; others
            only when named with --insecure-registry or in LAMINA_INSECURE_REGISTRIES
            (comma-separated).

            Options:
              --platform OS/ARCH[/VARIANT]   the platform to pull (default: this host's)
              --insecure-registry HOST       allow plain HTTP for HOST (repeatable)
              -q, --quiet                    print only the image name""";

    private PullCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Platform platform = null;
        boolean quiet = false;
        Set<String> insecure = new HashSet<>();
        String name = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help" -> { out.println(HELP); return 0; }
                case "--platform" -> platform = platform(value(args, ++i, a));
                case "--insecure-registry" -> insecure.add(value(args, ++i, a));
                case "-q", "--quiet" -> quiet = true;
                default -> {
                    if (a.startsWith("-")) throw new Main.UsageError("unknown option " + a + " (see lamina pull --help)");
                    if (name != null) throw new Main.UsageError("pull takes one image name");
                    name = a;
                }
            }
        }
        if (name == null) throw new Main.UsageError("name an image to pull (see lamina pull --help)");
        StoredImage image = pull(Images.store(), name, platform, quiet ? null : out, insecure);
        out.println(quiet ? image.names().getFirst().familiar() : "Pulled " + image.names().getFirst().familiar() + " (" + image.id().shortId() + ")");
        return 0;
    }

    /** Pulls {@code name}; progress goes to {@code progressOut} (null for none). Also used by `lamina run`. */
    static StoredImage pull(ImageStore store, String name, Platform platform, PrintStream progressOut) {
        return pull(store, name, platform, progressOut, Set.of());
    }

    private static StoredImage pull(ImageStore store, String name, Platform platform, PrintStream progressOut, Set<String> extraInsecure) {
        ImageReference ref = Images.reference(name);
        Set<String> insecure = new HashSet<>(extraInsecure);
        String env = System.getenv("LAMINA_INSECURE_REGISTRIES");
        if (env != null) for (String h : env.split(",")) if (!h.isBlank()) insecure.add(h.trim());
        TransferProgress progress = progressOut == null ? null
                : TransferProgress.on(progressOut, progressOut == System.out && TransferProgress.interactive());
        Duration timeout = timeout();
        Proxies proxies = proxies();
        if (progressOut != null) progressOut.println("Pulling " + ref.familiar());
        try (RegistryClient client = new RegistryClient(Credentials.fromDockerConfig(), insecure, timeout, proxies)) {
            return new ImagePuller(client, store, Limits.defaults()).pull(ref, platform != null ? platform : Platform.host(),
                    progress == null ? dev.lamina.image.registry.ProgressListener.NONE : progress);
        } finally {
            if (progress != null) progress.close();
        }
    }

    /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as Docker reads them. */
    private static Proxies proxies() {
        try {
            return Proxies.from(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }

    /** LAMINA_REGISTRY_TIMEOUT: seconds to wait on a silent registry before retrying (default 60). */
    private static Duration timeout() {
        String env = System.getenv("LAMINA_REGISTRY_TIMEOUT");
        if (env == null || env.isBlank()) return Request.DEFAULT_TIMEOUT;
        try {
            int seconds = Integer.parseInt(env.trim());
            if (seconds > 0) return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Main.UsageError("LAMINA_REGISTRY_TIMEOUT must be a whole number of seconds above 0, not '" + env + "'");
    }

    private static Platform platform(String text) {
        try {
            return Platform.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new Main.UsageError(option + " needs a value");
        return args.get(i);
    }
}
