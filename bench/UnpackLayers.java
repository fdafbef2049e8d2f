import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.LayerUnpacker;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.store.Trees;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times Lamina's layer unpacking alone (decompress, parse, create files, apply
 * modes, owners and times) in one JVM: java UnpackLayers.java RUNS LAYER...
 * Prints the median wall time in ms over RUNS after one warm-up run. Each run
 * unpacks into a new directory under java.io.tmpdir, removed after it.
 */
public class UnpackLayers {
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        List<Path> layers = new ArrayList<>();
        for (int i = 1; i < args.length; i++) layers.add(Path.of(args[i]));
        boolean root = Trees.ROOT;
        List<Double> times = new ArrayList<>();
        for (int r = 0; r <= runs; r++) {
            Path work = Files.createTempDirectory("lamina-unpack-bench");
            long start = System.nanoTime();
            int n = 0;
            for (Path layer : layers) {
                Path dir = Files.createDirectory(work.resolve("layer" + n++));
                try (InputStream in = Decompression.open(Files.newInputStream(layer), Limits.defaults(), layer.toString())) {
                    LayerUnpacker.unpack(in, dir, root, Limits.defaults());
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (r > 0) times.add(ms);
            Trees.delete(work); // untimed; see images.sh on why outputs do not pile up
        }
        Collections.sort(times);
        System.out.printf("median %.1f%n", times.get(times.size() / 2));
    }
}
