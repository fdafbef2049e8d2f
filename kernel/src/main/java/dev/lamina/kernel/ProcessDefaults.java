package dev.lamina.kernel;

import dev.lamina.kernel.proc.Capabilities;
import java.util.List;

/**
 * What each process the kernel starts in a container (its first, and each exec) gets besides
 * its user, as Docker's HostConfig asks: root's capability bounding set (CapAdd, CapDrop,
 * Privileged), groups added to the user's own (GroupAdd, resolved), resource limits
 * (Ulimits), whether a set-user-ID or set-group-ID program changes no ids
 * (`--security-opt no-new-privileges`), the CPUs it runs on (CpusetCpus, as its
 * affinity: empty for the host's) and its OOM score adjustment (OomScoreAdj; null
 * leaves the host's). Processes guest code starts inherit them as Linux's inherit them.
 */
public record ProcessDefaults(long capabilities, List<Integer> groups, List<Rlimit> rlimits, boolean noNewPrivileges,
                              List<Integer> cpus, Integer oomScoreAdj) {
    /** Docker's: its default capabilities, nothing added. */
    public static final ProcessDefaults DOCKER = new ProcessDefaults(Capabilities.DOCKER_DEFAULT, List.of(), List.of());

    /** Set-ID programs as Linux runs them. */
    public ProcessDefaults(long capabilities, List<Integer> groups, List<Rlimit> rlimits) {
        this(capabilities, groups, rlimits, false);
    }

    /** On the host's CPUs, with the host's OOM score adjustment. */
    public ProcessDefaults(long capabilities, List<Integer> groups, List<Rlimit> rlimits, boolean noNewPrivileges) {
        this(capabilities, groups, rlimits, noNewPrivileges, List.of(), null);
    }

    public ProcessDefaults {
        groups = List.copyOf(groups);
        rlimits = List.copyOf(rlimits);
        cpus = List.copyOf(cpus);
        if ((capabilities & ~Capabilities.ALL) != 0) throw new IllegalArgumentException("not a capability: " + capabilities);
        if (cpus.stream().anyMatch(c -> c < 0 || c >= CPUS_MAX)) throw new IllegalArgumentException("not a CPU: " + cpus);
        if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000))
            throw new IllegalArgumentException("not an OOM score adjustment: " + oomScoreAdj);
    }

    /** The most CPUs an affinity mask names here (Linux's CONFIG_NR_CPUS on common builds). */
    public static final int CPUS_MAX = 8192;

    /** A resource limit (RLIMIT_* number) set at the start: its soft and hard values (RLIM_INFINITY is -1). */
    public record Rlimit(int resource, long soft, long hard) {}
}
