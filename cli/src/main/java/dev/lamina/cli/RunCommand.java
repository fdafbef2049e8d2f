package dev.lamina.cli;

import dev.lamina.container.ContainerExit;
import dev.lamina.container.ContainerRoot;
import dev.lamina.container.ContainerSpec;
import dev.lamina.container.Overrides;
import dev.lamina.container.Volumes;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** `lamina run`: runs one command in a new container and exits with its status. */
final class RunCommand {
    static final String HELP = """
            Usage: lamina run [OPTIONS] IMAGE [COMMAND [ARG...]]
                   lamina run [OPTIONS] -- COMMAND [ARG...]

            Runs a command in a new container made from IMAGE (pulled first when the
            store lacks it), with the image's entrypoint, command, environment, working
            directory and user unless overridden. With '--' in place of IMAGE the
            container starts from Lamina's built-in image (busybox on musl). The
            container is removed when it exits.

            Options:
              --rootfs DIR        run in DIR, in place, instead of an image
              --entrypoint CMD    override the image's entrypoint
              --hostname NAME     the container's host name (default: a random id)
              -e, --env K=V       set an environment variable (repeatable); -e K
                                  passes on lamina's own value of K, or removes
                                  the image's K when lamina has none
              --rm                accepted: containers are always removed
              -u, --user U[:G]    user and group, by id or by name in the image
              -w, --workdir DIR   working directory inside the container
              -v, --volume HOST_DIR:PATH[:ro]
                                  bind a host directory at PATH (repeatable):
                                  the container reads and writes it in place,
                                  or only reads it with :ro
              -t, --tty           give the container a terminal of its own, relayed
                                  to this one (for shells and other interactive
                                  programs: job control, Ctrl-C, window size)
              -i, --interactive   with -t, send this terminal's input to it
                                  (without -t, standard input is always passed on)
              --compat            serve syscall instructions made outside musl+
                                  (static binaries) instead of failing the run""";

    private RunCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rootfs = null;
        String hostname = null, workdir = null, user = null, entrypoint = null;
        boolean compat = false, dashDash = false, tty = false, interactive = false;
        List<String> extraEnv = new ArrayList<>();
        List<ContainerConfig.Volume> volumes = new ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) { i++; dashDash = true; break; }
            if (!a.startsWith("-")) break;
            switch (a) {
                case "--help", "-h" -> { out.println(HELP); return 0; }
                case "--rootfs" -> rootfs = Path.of(value(args, ++i, a));
                case "--hostname" -> hostname = value(args, ++i, a);
                case "-e", "--env" -> extraEnv.add(checkedEnv(value(args, ++i, a)));
                case "-w", "--workdir" -> workdir = value(args, ++i, a);
                case "-v", "--volume" -> volumes.add(Volumes.parse(value(args, ++i, a), "-v"));
                case "-u", "--user" -> user = value(args, ++i, a);
                case "--entrypoint" -> entrypoint = value(args, ++i, a);
                case "--compat" -> compat = true;
                case "-t", "--tty" -> tty = true;
                case "-i", "--interactive" -> interactive = true;
                case "-it", "-ti" -> { tty = true; interactive = true; }
                case "--rm" -> { } // containers are always removed when they exit
                default -> throw new Main.UsageError("unknown option " + a + " (see lamina run --help)");
            }
        }
        String imageName = null;
        if (!dashDash && rootfs == null) {
            if (i >= args.size()) throw new Main.UsageError("name an image, or use -- COMMAND for the built-in one (see lamina run --help)");
            imageName = args.get(i++);
        }
        List<String> command = List.copyOf(args.subList(i, args.size()));
        if (rootfs != null && !Files.isDirectory(rootfs)) throw new Main.UsageError("--rootfs " + rootfs + ": not a directory");
        if (tty && interactive && !ContainerTerminal.inputIsTerminal())
            throw new Main.UsageError("the input device is not a terminal (use -i without -t to pipe input in)");
        Overrides overrides = new Overrides(entrypoint == null ? null : Overrides.argument(entrypoint), command, extraEnv,
                user, workdir, hostname, volumes, tty, compat);
        String id = UUID.randomUUID().toString().replace("-", "");

        try (ContainerDirs.Claim claim = ContainerDirs.claim(id)) {
            Path containerDir = claim.dir();
            ImageConfig image = null;
            if (rootfs == null) {
                rootfs = containerDir.resolve("rootfs");
                image = prepareRoot(imageName, rootfs, err);
            }
            ContainerSpec spec = ContainerSpec.merge(image, overrides, id.substring(0, 12));
            ContainerConfig config = spec.config(rootfs, containerDir.resolve("state"), Confinement.fromEnvironment());
            Volumes.makeMountPoints(rootfs, volumes);
            RuntimeFiles files = RuntimeFiles.in(Path.of(System.getProperty("lamina.home", ".")).resolve("lib"));
            try (Kernel kernel = new Kernel(config, files);
                    ContainerTerminal terminal = tty ? ContainerTerminal.open(interactive) : null) {
                boolean confine = config.confinement().on();
                ContainerExit exit = runStoppable(kernel, claim, terminal == null ? InitHosts.onDemand(files, confine)
                        : InitHosts.onTerminal(files, terminal.follower(), confine));
                if (exit.error() != null) err.println("lamina: " + exit.error());
                return exit.status();
            }
        }
    }

    /** How long a container told to stop (lamina got SIGINT, SIGTERM or SIGHUP) has before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    /**
     * Runs the container; if lamina itself is told to stop, the container is stopped
     * too and its directory removed, so no guest process outlives the command.
     */
    private static ContainerExit runStoppable(Kernel kernel, ContainerDirs.Claim claim, InitHosts firstHost) {
        Thread stopper = new Thread(() -> {
            kernel.stop(STOP_GRACE);
            claim.close();
        }, "lamina-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return ContainerExit.run(kernel, firstHost);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // shutting down: the stopper is at work
            }
        }
    }

    /** Makes the container's root from the image's (hard links, copied up on change); returns the image's config. */
    private static ImageConfig prepareRoot(String imageName, Path rootfs, PrintStream err) {
        ImageStore store = Images.store();
        StoredImage image = imageName == null ? Images.defaultImage(store) : Images.find(store, imageName);
        if (image == null) image = PullCommand.pull(store, imageName, null, err);
        ContainerRoot.share(store, image, rootfs);
        return image.config();
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new Main.UsageError(option + " needs a value");
        return args.get(i);
    }

    /**
     * KEY=VALUE as given; KEY alone takes lamina's own value, and when lamina has none
     * stays KEY alone, which removes the image's KEY (as Docker does).
     */
    private static String checkedEnv(String kv) {
        int eq = kv.indexOf('=');
        if (eq == 0 || kv.isEmpty()) throw new Main.UsageError("-e wants KEY=VALUE or KEY, got '" + kv + "'");
        if (eq > 0) return kv;
        String value = System.getenv(kv);
        return value == null ? kv : kv + "=" + value;
    }
}
