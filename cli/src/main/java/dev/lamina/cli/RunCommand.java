package dev.lamina.cli;

import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.syscalls.ExecResolver.ExecFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** `lamina run`: runs one command in a new container and exits with its status. */
final class RunCommand {
    static final String HELP = """
            Usage: lamina run [OPTIONS] [--] COMMAND [ARG...]

            Runs COMMAND in a new container. Without --rootfs the container starts
            from Lamina's built-in default image (busybox on musl) and is removed
            when it exits.

            Options:
              --rootfs DIR        use DIR as the container's root filesystem (in place)
              --hostname NAME     the container's host name (default: a random id)
              -e, --env K=V       set an environment variable (repeatable)
              -w, --workdir DIR   working directory inside the container
              --compat            serve syscall instructions made outside musl+
                                  (static binaries) instead of failing the run""";

    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private RunCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rootfs = null;
        String hostname = null;
        String workdir = "/";
        boolean compat = false;
        List<String> env = new ArrayList<>(List.of(DEFAULT_PATH));
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) { i++; break; }
            if (!a.startsWith("-")) break;
            switch (a) {
                case "--help", "-h" -> { out.println(HELP); return 0; }
                case "--rootfs" -> rootfs = Path.of(value(args, ++i, a));
                case "--hostname" -> hostname = value(args, ++i, a);
                case "-e", "--env" -> addEnv(env, value(args, ++i, a));
                case "-w", "--workdir" -> workdir = value(args, ++i, a);
                case "--compat" -> compat = true;
                default -> throw new Main.UsageError("unknown option " + a + " (see lamina run --help)");
            }
        }
        List<String> command = args.subList(i, args.size());
        if (command.isEmpty()) throw new Main.UsageError("no command given (see lamina run --help)");
        if (hostname != null && (hostname.isEmpty() || hostname.length() > 64))
            throw new Main.UsageError("a host name has 1 to 64 characters");
        String id = UUID.randomUUID().toString().replace("-", "");
        if (hostname == null) hostname = id.substring(0, 12);
        // As Docker does: HOSTNAME, and HOME for root, unless given.
        if (env.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) env.add(1, "HOSTNAME=" + hostname);
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) env.add("HOME=/root");

        Path home = Path.of(System.getProperty("lamina.home", "."));
        RuntimeFiles files = RuntimeFiles.in(home.resolve("lib"));
        Path containerDir = DataRoot.containers().resolve(id);
        boolean ownRoot = rootfs == null;
        try {
            if (ownRoot) {
                rootfs = containerDir.resolve("rootfs");
                copyTree(home.resolve("lib/default-rootfs"), rootfs);
            } else if (!Files.isDirectory(rootfs)) {
                throw new Main.UsageError("--rootfs " + rootfs + ": not a directory");
            }
            ContainerConfig config = new ContainerConfig(rootfs, containerDir.resolve("state"), command, env,
                    hostname, workdir, 0, 0, compat);
            try (Kernel kernel = new Kernel(config, files)) {
                int status = kernel.run();
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
        } finally {
            deleteTree(containerDir);
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new Main.UsageError(option + " needs a value");
        return args.get(i);
    }

    private static void addEnv(List<String> env, String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new Main.UsageError("-e wants KEY=VALUE, got '" + kv + "'");
        String key = kv.substring(0, eq + 1);
        env.removeIf(e -> e.startsWith(key));
        env.add(kv);
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                    // unix:mode keeps the sticky and set-id bits that POSIX permission sets drop.
                    Files.setAttribute(target, "unix:mode", Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
                } else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the container's root: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                q.toFile().setWritable(true);
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            // Leftovers in the data root are harmless; the next run uses a new id.
        }
    }
}
