package dev.lamina.kernel;

import java.nio.file.Path;
import java.util.List;

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
 * the user's own (--rootfs), changed in place as chroot would.
 */
public record ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                              String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                              List<Volume> volumes, Confinement confinement, PortPlan ports, Path sharedInodes) {
    /** A host directory or a single file (absolute, symlinks resolved) bound at an absolute container path, perhaps read-only. */
    public record Volume(Path hostPath, String containerPath, boolean readOnly) {}

    public ContainerConfig {
        command = List.copyOf(command);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        if (command.isEmpty()) throw new IllegalArgumentException("no command to run");
        if (ports == null) throw new IllegalArgumentException("no port plan (PortPlan.HOST_NETWORK is the host's network)");
    }

    /** A container on the host's network ({@link PortPlan#HOST_NETWORK}) in a root of the user's own. */
    public ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                           String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                           List<Volume> volumes, Confinement confinement) {
        this(rootfs, stateDir, command, env, hostname, workdir, uid, gid, compat, terminal, volumes, confinement,
                PortPlan.HOST_NETWORK, null);
    }

    /** What guest code may do by itself: with a port space of its own the kernel makes every bind,
     * so guest code may bind no TCP port (Landlock; a seccomp filter refuses bind and listen too). */
    public Confinement guestConfinement() {
        return ports.ownSpace() ? new Confinement(confinement.on(), List.of(), confinement.connectPorts()) : confinement;
    }
}
