package dev.lamina.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one container runs: its root filesystem, a directory for the
 * kernel's own state, the entry command and its environment, hostname,
 * working directory and identity, whether stray syscall instructions
 * are served (compat) or reported (strict), and whether the first process
 * gets a terminal of its own (its standard descriptors are one, and it
 * takes it as its controlling terminal), the host directories bound in,
 * what it may do on the host by itself, how its ports meet the host's, and
 * which files of the root are hard links into the image store: {@code sharedInodes}
 * is the list written when the root was made (copied up before any change; a
 * missing list makes every file with several links count), null for a root of
 * the user's own (--rootfs), changed in place as chroot would; and the resource
 * limits its cgroup shows ({@link Limits}).
 */
public record ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                              String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                              List<Volume> volumes, Confinement confinement, PortPlan ports, Path sharedInodes, Limits limits,
                              boolean readOnlyRoot, ProcessDefaults processDefaults, Map<String, String> sysctls,
                              boolean userGroups) {
    /**
     * A host directory or a single file (absolute, symlinks resolved) bound at an absolute container path, perhaps
     * read-only; {@code tmpfsOptions} non-null makes it a tmpfs as /proc/mounts lists one (`--tmpfs`: a directory
     * of the container's own), "noexec" among them refusing to execute its files.
     */
    public record Volume(Path hostPath, String containerPath, boolean readOnly, String tmpfsOptions) {
        public Volume(Path hostPath, String containerPath, boolean readOnly) { this(hostPath, containerPath, readOnly, null); }

        /** This volume at another container path. */
        public Volume at(String path) { return new Volume(hostPath, path, readOnly, tmpfsOptions); }
    }

    /**
     * The limits /sys/fs/cgroup shows, as cgroup v2 writes them ({@link #MAX}: none): memory.max
     * and memory.swap.max in bytes, cpu.max's quota and period in microseconds, pids.max.
     * Shown to programs that size themselves by them (JVMs, Go); the memory limit is
     * enforced on resident memory (MemoryLimit), pids at forks and thread starts, CPU not.
     */
    public record Limits(long memory, long swap, long cpuQuota, long cpuPeriod, long pids) {
        public static final long MAX = -1;
        /** cgroup v2's cpu.max period when none is set. */
        public static final long DEFAULT_CPU_PERIOD = 100_000;
        public static final Limits NONE = new Limits(MAX, MAX, MAX, DEFAULT_CPU_PERIOD, MAX);

        public Limits {
            if (memory < MAX || swap < MAX || cpuQuota < MAX || pids < MAX || cpuPeriod <= 0)
                throw new IllegalArgumentException("limits are a positive number or MAX, the cpu period positive");
        }
    }

    public ContainerConfig {
        command = List.copyOf(command);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        if (command.isEmpty()) throw new IllegalArgumentException("no command to run");
        if (ports == null) throw new IllegalArgumentException("no port plan (PortPlan.HOST_NETWORK is the host's network)");
        if (limits == null) limits = Limits.NONE;
        if (processDefaults == null) processDefaults = ProcessDefaults.DOCKER;
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        for (String key : sysctls.keySet())
            if (!key.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)+")) throw new IllegalArgumentException("not a sysctl name: " + key);
    }

    /** A container with no resource limits. */
    public ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                           String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                           List<Volume> volumes, Confinement confinement, PortPlan ports, Path sharedInodes) {
        this(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes, confinement, ports,
                sharedInodes, Limits.NONE, false, ProcessDefaults.DOCKER, Map.of());
    }

    /** This configuration with other resource limits. */
    public ContainerConfig withLimits(Limits l) {
        return new ContainerConfig(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes,
                confinement, ports, sharedInodes, l, readOnlyRoot, processDefaults, sysctls, userGroups);
    }

    /** This configuration with its root read-only or not (`--read-only`: every change to it is EROFS, volumes aside). */
    public ContainerConfig withReadOnlyRoot(boolean readOnly) {
        return new ContainerConfig(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes,
                confinement, ports, sharedInodes, limits, readOnly, processDefaults, sysctls, userGroups);
    }

    /** This configuration with what its processes start with besides their user. */
    public ContainerConfig withProcessDefaults(ProcessDefaults d) {
        return new ContainerConfig(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes,
                confinement, ports, sharedInodes, limits, readOnlyRoot, d, sysctls, userGroups);
    }

    /** This configuration with these /proc/sys values (`--sysctl`: "net.core.somaxconn" to "1024"), shown, not acted on. */
    public ContainerConfig withSysctls(Map<String, String> values) {
        return new ContainerConfig(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes,
                confinement, ports, sharedInodes, limits, readOnlyRoot, processDefaults, values, userGroups);
    }

    /** This configuration with or without the user's supplementary groups from the image's /etc/group (none
     * when the run names a group, `--user USER:GROUP`, as runc's). */
    public ContainerConfig withUserGroups(boolean fromImage) {
        return new ContainerConfig(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes,
                confinement, ports, sharedInodes, limits, readOnlyRoot, processDefaults, sysctls, fromImage);
    }

    /** A configuration whose user has its supplementary groups from the image's /etc/group. */
    public ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                           String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                           List<Volume> volumes, Confinement confinement, PortPlan ports, Path sharedInodes, Limits limits,
                           boolean readOnlyRoot, ProcessDefaults processDefaults, Map<String, String> sysctls) {
        this(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes, confinement, ports,
                sharedInodes, limits, readOnlyRoot, processDefaults, sysctls, true);
    }

    /** A container on the host's network ({@link PortPlan#HOST_NETWORK}) in a root of the user's own. */
    public ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                           String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                           List<Volume> volumes, Confinement confinement) {
        this(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes, confinement,
                PortPlan.HOST_NETWORK, null, Limits.NONE, false, ProcessDefaults.DOCKER, Map.of());
    }

    /** What guest code may do by itself: with a port space of its own the kernel makes every bind,
     * so guest code may bind no TCP port (Landlock; a seccomp filter refuses bind and listen too). */
    public Confinement guestConfinement() {
        return ports.ownSpace() ? new Confinement(confinement.on(), List.of(), confinement.connectPorts()) : confinement;
    }
}
