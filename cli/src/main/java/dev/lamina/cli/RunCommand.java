package dev.lamina.cli;

import dev.lamina.cli.client.EngineClient;
import dev.lamina.container.ContainerExit;
import dev.lamina.container.ContainerRoot;
import dev.lamina.container.ContainerSpec;
import dev.lamina.container.DockerInit;
import dev.lamina.container.Overrides;
import dev.lamina.container.ProcessOptions;
import dev.lamina.container.PublishedPorts;
import dev.lamina.container.Volumes;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.GuestArch;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.RuntimeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `lamina run`: runs one command in a new container and exits with its status. */
@Command(name = "run", modelTransformer = RunCommand.OptionsFirst.class,
        customSynopsis = {"lamina run [OPTIONS] IMAGE [COMMAND [ARG...]]", "       lamina run [OPTIONS] -- COMMAND [ARG...]"},
        description = {"Run a command in a new container", "",
            "Runs a command in a new container made from IMAGE (pulled first when the store lacks it), with the image's "
                    + "entrypoint, command, environment, working directory and user unless overridden. With '--' in place "
                    + "of IMAGE the container starts from Lamina's built-in image (busybox on musl). The container is "
                    + "removed when it exits.", "",
            "When an engine runs on the data root (lamina engine), the container runs in it: lamina ps and docker ps "
                    + "list it, and -d and --name work (they need one). Its ports are the host's unless some are published "
                    + "with -p, as without an engine. Standard input goes in when it is not a terminal, or with -i. "
                    + "With --rootfs the container always runs in this process."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Spec
    private CommandSpec commandSpec;

    @Option(names = "--rootfs", paramLabel = "DIR", description = "run in DIR, in place, instead of an image")
    private Path rootfs;
    @Option(names = "--entrypoint", paramLabel = "CMD", description = "override the image's entrypoint")
    private String entrypoint;
    @Option(names = "--hostname", paramLabel = "NAME", description = "the container's host name (default: a random id)")
    private String hostname;
    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "set an environment variable (repeatable); -e K passes "
            + "on lamina's own value of K, or removes the image's K when lamina has none")
    private List<String> env = new ArrayList<>();
    @Option(names = "--rm", description = "remove a detached container when it ends (one lamina waits for is always "
            + "removed)")
    private boolean rm;
    @Option(names = {"-d", "--detach"}, description = "start the container in the engine and print its id; it runs on "
            + "after lamina exits and is kept when it ends, for logs and inspect, unless --rm (needs a running engine)")
    private boolean detach;
    @Option(names = "--name", paramLabel = "NAME", description = "the container's name in the engine (needs a running engine)")
    private String name;
    @Option(names = {"-u", "--user"}, paramLabel = "U[:G]", description = "user and group, by id or by name in the image")
    private String user;
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "working directory inside the container")
    private String workdir;
    @Option(names = {"-v", "--volume"}, paramLabel = "HOST_PATH:PATH[:ro]", description = "bind a host directory or file at PATH "
            + "(repeatable): the container reads and writes it in place, or only reads it with :ro")
    private List<String> volumeSpecs = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST_PORT:]PORT[/udp]", description = "publish the container's "
            + "PORT (tcp unless /udp) at HOST_PORT on IP (default: every interface; no HOST_PORT: one the host picks, printed "
            + "on stderr); repeatable. With any -p the container has ports of its own: any other port it binds is on "
            + "127.0.0.1 at a port the host picks, and it reaches its own ports on localhost")
    private List<String> publishSpecs = new ArrayList<>();
    @Option(names = {"-t", "--tty"}, description = "give the container a terminal of its own, relayed to this one (for "
            + "shells and other interactive programs: job control, Ctrl-C, window size)")
    private boolean tty;
    @Option(names = {"-i", "--interactive"}, description = "with -t, send this terminal's input to it (without -t, standard "
            + "input is always passed on; through an engine, a terminal's only with -i)")
    private boolean interactive;
    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "the memory limit the container's "
            + "/sys/fs/cgroup shows (64m, 1g; shown to programs that size themselves by it, not enforced)")
    private String memory;
    @Option(names = "--memory-swap", paramLabel = "SIZE", description = "memory and swap together, as --memory (-1: unlimited swap)")
    private String memorySwap;
    @Option(names = "--cpus", paramLabel = "N", description = "the CPU limit /sys/fs/cgroup shows (1.5: one and a half CPUs; not enforced)")
    private String cpus;
    @Option(names = "--pids-limit", paramLabel = "N", description = "the limit of processes and threads /sys/fs/cgroup shows (not enforced)")
    private Long pidsLimit;
    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "run the image's build for this platform (pulled if the "
            + "local one is another's), or with --rootfs, say which the root's programs are (default: the image's, or this host's)")
    private String platform;

    @Option(names = "--darwin-rules", description = "with --platform linux/arm64: load and run the programs under the rules the "
            + "macOS init host must follow on Apple Silicon (guest code rewritten: no svc, no tpidr_el0; W^X; 16 KiB pages)")
    private boolean darwinRules;

    @Option(names = "--init", description = "run docker-init as the container's first process, which passes signals on to the "
            + "command and reaps orphans (a first process takes no signal it leaves at the default: `sleep` ignores SIGTERM)")
    private boolean init;

    @Option(names = "--cap-add", paramLabel = "CAP", description = "give root this capability too (repeatable; ALL: every one)")
    private List<String> capAdd = new ArrayList<>();
    @Option(names = "--cap-drop", paramLabel = "CAP", description = "take this capability from root (repeatable; ALL: every one)")
    private List<String> capDrop = new ArrayList<>();
    @Option(names = "--privileged", description = "give root every capability")
    private boolean privileged;
    @Option(names = "--group-add", paramLabel = "GROUP", description = "add this group (a gid, or a name in the image's /etc/group) "
            + "to every process's (repeatable)")
    private List<String> groupAdd = new ArrayList<>();
    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "a resource limit of the first process "
            + "(nofile=1024:2048; repeatable)")
    private List<String> ulimits = new ArrayList<>();

    @Option(names = "--compat", description = "serve syscall instructions a dynamically linked program makes around musl+ instead of "
            + "failing the run (static executables are always served)")
    private boolean compat;
    /** IMAGE and the command, or the command alone after '--' (see builtInImage). */
    @Parameters(paramLabel = "IMAGE [COMMAND [ARG...]]", hideParamSyntax = true, description = {
        "the image, by name or id, and the command to run in it (default: the image's)",
        "or, after '--', the command to run in the built-in image"})
    private List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<String> extraEnv = env.stream().map(RunCommand::checkedEnv).toList();
        RunLimits limits = RunLimits.parse(memory, memorySwap, cpus, pidsLimit);
        ContainerConfig.Limits cgroupLimits = limits.limits();
        List<ContainerConfig.Volume> volumes = volumeSpecs.stream().map(v -> Volumes.parse(v, "-v")).toList();
        List<PortPlan.Published> published = publishSpecs.stream().map(p -> PublishedPorts.parse(p, "-p")).toList();
        PortPlan ports;
        try {
            ports = published.isEmpty() ? PortPlan.HOST_NETWORK : PortPlan.publishing(published);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
        String imageName = null;
        List<String> command = words;
        if (!builtInImage() && rootfs == null) {
            if (words.isEmpty()) throw new Main.UsageError("name an image, or use -- COMMAND for the built-in one (see lamina run --help)");
            imageName = words.getFirst();
            command = words.subList(1, words.size());
        }
        if (rootfs != null && !Files.isDirectory(rootfs)) throw new Main.UsageError("--rootfs " + rootfs + ": not a directory");
        if (tty && interactive && !ContainerTerminal.inputIsTerminal())
            throw new Main.UsageError("the input device is not a terminal (use -i without -t to pipe input in)");
        Overrides overrides = new Overrides(entrypoint == null ? null : Overrides.argument(entrypoint), List.copyOf(command),
                extraEnv, user, workdir, hostname, volumes, tty, compat);
        ProcessOptions.Asked processOptions = new ProcessOptions.Asked(capAdd, capDrop, privileged, groupAdd,
                ulimits.stream().map(ProcessOptions.Ulimit::parse).toList());
        Platform wanted = platform == null ? null : PullCommand.platform(platform);
        if (darwinRules && (wanted == null || GuestArch.named(wanted.architecture()) != GuestArch.AARCH64))
            throw new Main.UsageError("--darwin-rules is for aarch64 programs: add --platform linux/arm64");
        if (rootfs == null && wanted == null) {
            EngineClient engine = RunningEngine.at(DataRoot.path());
            if (engine != null) {
                try (engine) {
                    EngineRun run = new EngineRun(engine, imageName, overrides, published, limits, processOptions, interactive,
                            name, init, rm);
                    return detach ? run.detached() : run.attached();
                }
            }
        }
        if (detach || name != null) {
            String option = detach ? "-d" : "--name";
            if (rootfs != null) throw new Main.UsageError(option + " needs the engine, and --rootfs runs in this process");
            throw new Main.UsageError(option + " needs the engine: " + new NoEngineException(DataRoot.path()).getMessage());
        }
        String id = UUID.randomUUID().toString().replace("-", "");

        try (ContainerDirs.Claim claim = ContainerDirs.claim(id)) {
            Path containerDir = claim.dir();
            Path root = rootfs;
            ImageConfig image = null;
            if (root == null) {
                root = containerDir.resolve("rootfs");
                image = prepareRoot(imageName, root, wanted);
            }
            GuestArch arch = guestArch(image != null ? image.platform() : wanted);
            RuntimeFiles files = RuntimeFiles.in(Path.of(System.getProperty("lamina.home", ".")).resolve("lib"), arch);
            if (darwinRules) files = files.withDarwinRules();
            ContainerSpec spec = ContainerSpec.merge(image, overrides, id.substring(0, 12));
            if (init) spec = DockerInit.around(spec, files);
            ContainerConfig config = spec.config(root, containerDir.resolve("state"), Confinement.fromEnvironment(), ports,
                    rootfs == null).withLimits(cgroupLimits).withProcessDefaults(processOptions.defaults(root));
            dev.lamina.container.MountPoints.make(root, config.volumes());
            try (Kernel kernel = new Kernel(config, files);
                    ContainerTerminal terminal = tty ? ContainerTerminal.open(interactive) : null) {
                if (terminal != null) terminal.giveTo(kernel);
                for (PortPlan.HostPort p : kernel.publishedPorts())
                    if (p.published().hostPort() == 0)
                        System.err.println("lamina: " + p.published().guestName() + " is published at host port " + p.port());
                boolean confine = config.confinement().on();
                ContainerExit exit = runStoppable(kernel, claim, terminal == null ? InitHosts.onDemand(files, confine)
                        : InitHosts.onTerminal(files, terminal.follower(), confine));
                if (exit.error() != null) System.err.println("lamina: " + exit.error());
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
    private static ImageConfig prepareRoot(String imageName, Path rootfs, Platform wanted) {
        ImageStore store = Images.store();
        StoredImage image = imageName == null ? Images.defaultImage(store) : Images.find(store, imageName);
        if (image != null && wanted != null && !image.config().platform().architecture().equals(wanted.architecture())) {
            if (imageName == null) throw new Main.UsageError("the built-in image is for " + image.config().platform().architecture()
                    + " only; name an image to run it for " + wanted.architecture());
            image = null;
        }
        if (image == null) image = PullCommand.pull(store, imageName, wanted, System.err);
        ContainerRoot.share(store, image, rootfs);
        return image.config();
    }

    /** The architecture of a platform's programs, if Lamina runs them (the host's when none is named). */
    private static GuestArch guestArch(Platform platform) {
        if (platform == null) return GuestArch.host();
        GuestArch arch = GuestArch.named(platform.architecture());
        if (arch == null) throw new Main.UsageError("Lamina cannot run " + platform.architecture() + " programs (it runs "
                + GuestArch.X86_64.ociName() + " and " + GuestArch.AARCH64.ociName() + ")");
        return arch;
    }

    /**
     * Whether '--' stood in place of IMAGE. Options end at the first word (see
     * OptionsFirst), so the words are the tail of the arguments, and picocli
     * never takes '--' as an option's value: the argument before them tells.
     */
    private boolean builtInImage() {
        List<String> args = commandSpec.commandLine().getParseResult().originalArgs();
        int before = args.size() - words.size() - 1;
        return before >= 0 && args.get(before).equals("--");
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

    /** Options end at IMAGE: those after it are the command's, as in `lamina run alpine ls -l`. */
    static final class OptionsFirst implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}
