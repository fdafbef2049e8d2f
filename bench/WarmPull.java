import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.registry.ImagePuller;
import dev.lamina.image.registry.ProgressListener;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Pulls in a running JVM, as the engine will: java WarmPull.java DIR RUNS IMAGE.
 * Each pull goes to a new store under DIR, removed after it; prints
 * the median wall time in ms over RUNS after two warm-up pulls.
 */
public class WarmPull {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        ImageReference image = ImageReference.parse(args[2]);
        List<Double> times = new ArrayList<>();
        try (RegistryClient client = new RegistryClient(Credentials.none(), Set.of())) {
            for (int r = 0; r < runs + 2; r++) {
                Path storeDir = Files.createTempDirectory(dir, "warm-pull-");
                ImageStore store = ImageStore.open(storeDir);
                long start = System.nanoTime();
                new ImagePuller(client, store, Limits.defaults()).pull(image, Platform.host(), ProgressListener.NONE);
                if (r >= 2) times.add((System.nanoTime() - start) / 1e6);
                Trees.delete(storeDir); // untimed; see images.sh on why outputs do not pile up
            }
        }
        Collections.sort(times);
        System.out.printf("median %.0f%n", times.get(times.size() / 2));
    }
}
