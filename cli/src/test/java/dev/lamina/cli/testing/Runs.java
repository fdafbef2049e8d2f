package dev.lamina.cli.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The same command in Lamina and natively (chroot into a copy of the same
 * root, with its own pid and UTS namespaces so ps and hostname compare, and
 * root holding Docker's default capabilities, as a container's root does),
 * and lamina on a data root of a test's own. */
public final class Runs {
    public static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Runs() {}

    public static Command.Result lamina(Path rootfs, String hostname, String... command) {
        return Command.run(laminaArgv(rootfs, hostname, command), Map.of(), null, 120);
    }

    /** The command line of {@link #lamina}. */
    public static List<String> laminaArgv(Path rootfs, String hostname, String... command) {
        return laminaArgv(rootfs, hostname, List.of(), command);
    }

    /** {@link #lamina} with more options of lamina run (as {@code --platform linux/arm64}). */
    public static Command.Result lamina(Path rootfs, String hostname, List<String> options, String... command) {
        return Command.run(laminaArgv(rootfs, hostname, options, command), Map.of(), null, 120);
    }

    /** The command line of {@link #lamina(Path, String, List, String...)}. */
    public static List<String> laminaArgv(Path rootfs, String hostname, List<String> options, String... command) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString(), "run", "--rootfs", rootfs.toString(),
                "--hostname", hostname));
        argv.addAll(options);
        argv.add("--");
        argv.addAll(List.of(command));
        return argv;
    }

    /** {@code lamina ARGS...} with its images and containers under {@code dataRoot}. */
    public static Command.Result withDataRoot(Path dataRoot, String... args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", dataRoot.toString()), null, 300);
    }

    public static Command.Result nativeChroot(Path rootfs, String hostname, String... command) {
        return Command.run(nativeArgv(rootfs, hostname, command), Map.of(), Path.of("/"), 120);
    }

    /** The command line of {@link #nativeChroot} (run it from /). */
    public static List<String> nativeArgv(Path rootfs, String hostname, String... command) {
        return chrootArgv(rootfs, hostname, "", command);
    }

    /** {@link #nativeArgv} with a devpts instance of its own on the root's /dev/pts (and /dev/ptmx),
     * mode 0620 and ptmxmode 0666 as Docker mounts one, so the command can make terminals. */
    public static List<String> nativeArgvWithPty(Path rootfs, String hostname, String... command) {
        return chrootArgv(rootfs, hostname, "mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts \"$2/dev/pts\" && "
                + "mount --bind \"$2/dev/pts/ptmx\" \"$2/dev/ptmx\" && ", command);
    }

    /** The container's first process of a `lamina run`: its JVM's child running an init host started for a
     * container (`lamina-init spawn ...`), not the zygote beside it. */
    public static ProcessHandle initHostOf(ProcessHandle lamina) {
        return lamina.children().filter(c -> c.info().command().orElse("").endsWith("lamina-init")
                && c.info().arguments().map(a -> a.length > 0 && a[0].equals("spawn")).orElse(false)).findFirst().orElseThrow();
    }

    /** Docker's default capabilities as setpriv names them: root in the chroot holds these only. */
    private static final String DOCKER_CAPABILITIES = "-all,+chown,+dac_override,+fsetid,+fowner,+mknod,+net_raw,+setgid,"
            + "+setuid,+setfcap,+setpcap,+net_bind_service,+sys_chroot,+kill,+audit_write";

    private static List<String> chrootArgv(Path rootfs, String hostname, String setUp, String... command) {
        // setsid: the first process leads its session and group, as runc starts it
        String script = "hostname \"$0\" && " + setUp + "g=$1 r=$2 p=$3 && shift 3 && "
                + "exec setsid setpriv --bounding-set=" + DOCKER_CAPABILITIES + " chroot --groups=\"$g\" \"$r\" /usr/bin/env -i \"$p\" "
                + "HOSTNAME=\"$0\" HOME=/root \"$@\"";
        List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--uts", "--ipc", "--mount",
                "--mount-proc=" + rootfs.resolve("proc"), "sh", "-c", script,
                hostname, String.join(",", rootGroups(rootfs)), rootfs.toString(), PATH));
        argv.addAll(List.of(command));
        return argv;
    }

    /** Docker's groups for root: 0 and every group of the image that lists root. */
    static List<String> rootGroups(Path rootfs) {
        List<String> groups = new ArrayList<>(List.of("0"));
        try {
            for (String line : java.nio.file.Files.readAllLines(rootfs.resolve("etc/group"))) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && !f[2].equals("0") && List.of(f[3].split(",")).contains("root")) groups.add(f[2]);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return groups;
    }

    /** Makes a native root's /dev look like a container's (Lamina's /dev), and its /sys hold the cgroup mount point. */
    public static void prepareNativeDev(Path rootfs) {
        Command.ok("mkdir", "-p", rootfs.resolve("sys/fs/cgroup").toString());
        Path dev = rootfs.resolve("dev");
        Command.ok("mkdir", "-p", dev.resolve("pts").toString(), dev.resolve("shm").toString());
        Command.ok("chmod", "1777", dev.resolve("shm").toString());
        String[][] nodes = {{"null", "1", "3"}, {"zero", "1", "5"}, {"full", "1", "7"}, {"random", "1", "8"},
                            {"urandom", "1", "9"}, {"tty", "5", "0"}, {"ptmx", "5", "2"}};
        for (String[] n : nodes) {
            Command.run("rm", "-f", dev.resolve(n[0]).toString());
            Command.ok("mknod", "-m", "666", dev.resolve(n[0]).toString(), "c", n[1], n[2]);
        }
        String[][] links = {{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
                            {"stderr", "/proc/self/fd/2"}};
        for (String[] l : links) Command.ok("ln", "-sfn", l[1], dev.resolve(l[0]).toString());
    }
}
