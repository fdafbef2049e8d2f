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
 * and what it may do on the host by itself.
 */
public record ContainerConfig(Path rootfs, Path stateDir, List<String> command, List<String> env,
                              String hostname, String workdir, int uid, int gid, boolean compat, boolean terminal,
                              List<Volume> volumes, Confinement confinement) {
    /** A host directory (absolute, symlinks resolved) bound at an absolute container path, perhaps read-only. */
    public record Volume(Path hostDir, String containerPath, boolean readOnly) {}

    public ContainerConfig {
        command = List.copyOf(command);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        if (command.isEmpty()) throw new IllegalArgumentException("no command to run");
    }
}
