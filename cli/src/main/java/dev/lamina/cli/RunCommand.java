package dev.lamina.cli;

import dev.lamina.image.IoMessages;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import dev.lamina.image.store.Trees;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.syscalls.ExecResolver.ExecFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
                                  passes on lamina's own value of K
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

    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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
                case "-e", "--env" -> checkedEnv(value(args, ++i, a)).ifPresent(extraEnv::add);
                case "-w", "--workdir" -> workdir = value(args, ++i, a);
                case "-v", "--volume" -> volumes.add(Volumes.parse(value(args, ++i, a)));
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
        if (hostname != null && (hostname.isEmpty() || hostname.length() > 64))
            throw new Main.UsageError("a host name has 1 to 64 characters");
        if (rootfs != null && !Files.isDirectory(rootfs)) throw new Main.UsageError("--rootfs " + rootfs + ": not a directory");
        if (tty && interactive && !ContainerTerminal.inputIsTerminal())
            throw new Main.UsageError("the input device is not a terminal (use -i without -t to pipe input in)");
        String id = UUID.randomUUID().toString().replace("-", "");
        if (hostname == null) hostname = id.substring(0, 12);

        try (ContainerDirs.Claim claim = ContainerDirs.claim(id)) {
            Path containerDir = claim.dir();
            ImageConfig image = null;
            if (rootfs == null) {
                rootfs = containerDir.resolve("rootfs");
                image = prepareRoot(imageName, rootfs, err);
            }
            List<String> argv = new ArrayList<>();
            if (entrypoint != null) { if (!entrypoint.isEmpty()) argv.add(entrypoint); }
            else if (image != null) argv.addAll(image.entrypoint());
            argv.addAll(!command.isEmpty() || image == null || entrypoint != null ? command : image.cmd());
            if (argv.isEmpty()) throw new Main.UsageError("no command given, and the image has none (see lamina run --help)");
            List<String> env = environment(image, hostname, extraEnv);
            if (workdir == null) workdir = image != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";
            ContainerUser who = ContainerUser.resolve(user != null ? user : image != null ? image.user() : null, rootfs);
            ContainerConfig config = new ContainerConfig(rootfs, containerDir.resolve("state"), argv, env,
                    hostname, workdir, who.uid(), who.gid(), compat, tty, volumes,
                    Confinement.fromEnvironment());
            Volumes.makeMountPoints(rootfs, volumes);
            RuntimeFiles files = RuntimeFiles.in(Path.of(System.getProperty("lamina.home", ".")).resolve("lib"));
            try (Kernel kernel = new Kernel(config, files);
                    ContainerTerminal terminal = tty ? ContainerTerminal.open(interactive) : null) {
                int status = runStoppable(kernel, claim,
                        terminal == null ? InitHosts.onDemand(files) : InitHosts.onTerminal(files, terminal.follower()));
                String violation = kernel.strictViolation();
                if (violation != null) {
                    err.println("lamina: strict mode: " + violation);
                    return 128 + 31;
                }
                return Flags.exited(status) ? Flags.exitCode(status) : 128 + Flags.termSignal(status);
            } catch (ExecFailure e) {
                err.println("lamina: " + e.getMessage());
                return e.exitCode();
            }
        }
    }

    /** How long a container told to stop (lamina got SIGINT, SIGTERM or SIGHUP) has before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    /**
     * Runs the container; if lamina itself is told to stop, the container is stopped
     * too and its directory removed, so no guest process outlives the command.
     */
    private static int runStoppable(Kernel kernel, ContainerDirs.Claim claim, InitHosts firstHost) {
        Thread stopper = new Thread(() -> {
            kernel.stop(STOP_GRACE);
            claim.close();
        }, "lamina-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return kernel.run(firstHost);
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
        try (StoreLock.Held ignored = store.using()) {
            Files.createDirectories(rootfs.getParent());
            Trees.share(store.root(image), rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the container's root: " + IoMessages.describe(e), e);
        }
        return image.config();
    }

    /** Image env, then Docker's defaults (PATH, HOSTNAME, HOME for root), then -e, later keys replacing earlier. */
    private static List<String> environment(ImageConfig image, String hostname, List<String> extra) {
        List<String> env = new ArrayList<>();
        if (image != null) image.env().forEach(e -> put(env, e));
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) put(env, DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) put(env, "HOME=/root");
        extra.forEach(e -> put(env, e));
        return env;
    }

    private static void put(List<String> env, String kv) {
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv + "=" : kv.substring(0, eq + 1);
        env.removeIf(e -> e.startsWith(key));
        env.add(kv);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new Main.UsageError(option + " needs a value");
        return args.get(i);
    }

    /** KEY=VALUE as given; KEY alone takes lamina's own value, and is left out when lamina has none (as Docker does). */
    private static Optional<String> checkedEnv(String kv) {
        int eq = kv.indexOf('=');
        if (eq == 0 || kv.isEmpty()) throw new Main.UsageError("-e wants KEY=VALUE or KEY, got '" + kv + "'");
        if (eq > 0) return Optional.of(kv);
        String value = System.getenv(kv);
        return value == null ? Optional.empty() : Optional.of(kv + "=" + value);
    }

}
