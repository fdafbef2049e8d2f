package dev.lamina.kernel;

import dev.lamina.kernel.proc.Capabilities;
import java.util.List;

/**
 * What each process the kernel starts in a container (its first, and each exec) gets besides
 * its user, as Docker's HostConfig asks: root's capability bounding set (CapAdd, CapDrop,
 * Privileged), groups added to the user's own (GroupAdd, resolved), resource limits
 * (Ulimits), and whether a set-user-ID or set-group-ID program changes no ids
 * (`--security-opt no-new-privileges`). Processes guest code starts inherit them as
 * Linux's inherit them.
 */
public record ProcessDefaults(long capabilities, List<Integer> groups, List<Rlimit> rlimits, boolean noNewPrivileges) {
    /** Docker's: its default capabilities, nothing added. */
    public static final ProcessDefaults DOCKER = new ProcessDefaults(Capabilities.DOCKER_DEFAULT, List.of(), List.of());

    /** Set-ID programs as Linux runs them. */
    public ProcessDefaults(long capabilities, List<Integer> groups, List<Rlimit> rlimits) {
        this(capabilities, groups, rlimits, false);
    }

    public ProcessDefaults {
        groups = List.copyOf(groups);
        rlimits = List.copyOf(rlimits);
        if ((capabilities & ~Capabilities.ALL) != 0) throw new IllegalArgumentException("not a capability: " + capabilities);
    }

    /** A resource limit (RLIMIT_* number) set at the start: its soft and hard values (RLIM_INFINITY is -1). */
    public record Rlimit(int resource, long soft, long hard) {}
}
