import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.GuestArch;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Starts many containers from one JVM, as the engine will: from the request
 * (a new Kernel) to the guest's exit, for one command, with the next init
 * host started ahead (InitHosts.preStarted). Prints the median and mean in
 * milliseconds. Usage: WarmStart [--confinement] ROOTFS COUNT CMD...
 * (-Dlamina.arch=aarch64 for an aarch64 root, -Dlamina.darwinRules=true under the Apple-Silicon rules)
 *
 * With --confinement, confined and unconfined containers (each kind with its
 * own host started ahead) take turns in the same JVM, so that both see the
 * same machine, whose speed drifts by tens of percent from one second to the
 * next, and the same JIT; prints each kind's median and mean, confined first.
 */
public class WarmStart {
    public static void main(String[] args) throws Exception {
        boolean compare = args[0].equals("--confinement");
        List<String> rest = List.of(args).subList(compare ? 1 : 0, args.length);
        Path rootfs = Path.of(rest.get(0));
        int count = Integer.parseInt(rest.get(1));
        List<String> command = rest.subList(2, rest.size());
        // -Dlamina.arch=aarch64 (under qemu-user), -Dlamina.darwinRules=true: bench/aarch64.sh.
        RuntimeFiles files = RuntimeFiles.in(Path.of(System.getProperty("lamina.home"), "lib"),
                GuestArch.named(System.getProperty("lamina.arch", GuestArch.host().machine())));
        if (Boolean.getBoolean("lamina.darwinRules")) files = files.withDarwinRules();
        Path states = Files.createTempDirectory("lamina-warm");
        List<Confinement> kinds = compare ? List.of(Confinement.HOST_NETWORK, new Confinement(false, null, null))
                : List.of(Confinement.fromEnvironment());
        // As the engine will: an init host is started ahead of each container.
        List<InitHosts> hosts = new ArrayList<>();
        for (Confinement c : kinds) hosts.add(InitHosts.preStarted(files, c.on()));
        // Warm as an engine that has run for a while: until the JIT has compiled the
        // hot paths. With a short warm-up the compiler threads still take one of this
        // machine's two CPUs from the guest during the measurement.
        int warmup = Math.max(1000, count);
        double[][] ms = new double[kinds.size()][count];
        int n = 0;
        for (int i = -warmup; i < count; i++) {
            for (int turn = 0; turn < kinds.size(); turn++) {
                int k = (i & 1) == 0 ? turn : kinds.size() - 1 - turn; // each kind goes first in turn
                ContainerConfig config = new ContainerConfig(rootfs, states.resolve("c" + n++), command,
                        List.of("PATH=/usr/bin:/bin"), "bench", "/", 0, 0, false, false, List.of(), kinds.get(k));
                long t0 = System.nanoTime();
                int status;
                long t1;
                try (Kernel kernel = new Kernel(config, files)) {
                    status = kernel.run(hosts.get(k));
                    t1 = System.nanoTime(); // the guest has exited; tearing the kernel down comes after
                }
                if (status != 0) throw new IllegalStateException("the guest failed: status " + status);
                if (i >= 0) ms[k][i] = (t1 - t0) / 1e6;
            }
        }
        List<String> out = new ArrayList<>();
        for (double[] kind : ms) {
            double[] sorted = kind.clone();
            Arrays.sort(sorted);
            out.add(String.format("median %.3f mean %.3f", sorted[count / 2], Arrays.stream(kind).average().orElse(0)));
        }
        System.out.println(String.join(" ", out));
        try (var walk = Files.walk(states)) { // the containers' state: 11 MB a run
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
