import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Starts many containers from one JVM, as the engine will: from the request
 * (a new Kernel) to the guest's exit, for one command, with the next init
 * host started ahead (InitHosts.preStarted). Prints the median and mean in
 * milliseconds. Usage: WarmStart ROOTFS COUNT CMD...
 */
public class WarmStart {
    public static void main(String[] args) throws Exception {
        Path rootfs = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        List<String> command = List.of(args).subList(2, args.length);
        RuntimeFiles files = RuntimeFiles.in(Path.of(System.getProperty("lamina.home"), "lib"));
        Path states = Files.createTempDirectory("lamina-warm");
        // As the engine will: an init host is started ahead of each container.
        InitHosts hosts = InitHosts.preStarted(files);
        // Warm as an engine that has run for a while: until the JIT has compiled the
        // hot paths. With a short warm-up the compiler threads still take one of this
        // machine's two CPUs from the guest during the measurement.
        int warmup = Math.max(1000, count);
        double[] ms = new double[count];
        for (int i = -warmup; i < count; i++) {
            ContainerConfig config = new ContainerConfig(rootfs, states.resolve("c" + (i + warmup)), command,
                    List.of("PATH=/usr/bin:/bin"), "bench", "/", 0, 0, false, false, List.of(),
                    Confinement.fromEnvironment());
            long t0 = System.nanoTime();
            int status;
            long t1;
            try (Kernel k = new Kernel(config, files)) {
                status = k.run(hosts);
                t1 = System.nanoTime(); // the guest has exited; tearing the kernel down comes after
            }
            if (status != 0) throw new IllegalStateException("the guest failed: status " + status);
            if (i >= 0) ms[i] = (t1 - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("median %.3f mean %.3f%n", ms[count / 2], Arrays.stream(ms).average().orElse(0));
    }
}
