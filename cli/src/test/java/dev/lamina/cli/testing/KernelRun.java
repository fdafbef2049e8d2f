package dev.lamina.cli.testing;

import dev.lamina.container.ContainerExit;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A container run through the kernel's API, in a JVM of its own (the guest's
 * output is that JVM's), for what the lamina command does not ask for: TCP
 * ports. As the engine will, with init hosts started ahead:
 *   KernelRun LIB ROOTFS STATE compat|strict BIND CONNECT COMMAND...
 * BIND and CONNECT: comma-separated ports, "" for none, or "open" (not
 * limited). Exits as the container's first process did.
 */
public final class KernelRun {
    private KernelRun() {}

    /** The command line for the JVM to run it in, with this JVM's class path. */
    public static List<String> argv(Path lib, Path rootfs, Path state, boolean compat, String bind, String connect,
                                    String... command) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), KernelRun.class.getName(),
                lib.toString(), rootfs.toString(), state.toString(), compat ? "compat" : "strict", bind, connect));
        argv.addAll(List.of(command));
        return argv;
    }

    public static void main(String[] args) throws Exception {
        RuntimeFiles files = RuntimeFiles.in(Path.of(args[0]));
        Confinement confinement = new Confinement(true, ports(args[4]), ports(args[5]));
        ContainerConfig config = new ContainerConfig(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(6, args.length),
                List.of("PATH=/usr/bin:/bin"), "test", "/", 0, 0, args[3].equals("compat"), false, List.of(), confinement);
        int status;
        try (Kernel kernel = new Kernel(config, files)) {
            status = ContainerExit.run(kernel, InitHosts.preStarted(files, true)).status();
        }
        System.exit(status);
    }

    private static List<Integer> ports(String list) {
        if (list.equals("open")) return null;
        return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
    }
}
