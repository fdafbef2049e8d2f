package dev.lamina.container;

import java.util.Map;
import java.util.Set;

/**
 * `--sysctl` (HostConfig.Sysctls) as dockerd takes it: only the settings a container has
 * a kernel namespace of its own for (System V IPC, POSIX message queues, its network),
 * and no network one with the host's network. The kernel shows them in /proc/sys; the
 * host's own settings stay as they are.
 */
public final class Sysctls {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private Sysctls() {}

    /** The settings, checked; a ContainerSpecException for one dockerd refuses or a name that is not one. */
    public static Map<String, String> checked(Map<String, String> sysctls, boolean hostNetwork) {
        if (sysctls == null) return Map.of();
        for (var e : sysctls.entrySet()) {
            String key = e.getKey();
            if (!key.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)+") || e.getValue() == null || e.getValue().contains("\n"))
                throw new ContainerSpecException("invalid sysctl: " + key + "=" + e.getValue());
            boolean network = key.startsWith("net.");
            if (!network && !IPC.contains(key) && !key.startsWith("fs.mqueue."))
                throw new ContainerSpecException("sysctl \"" + key + "\" is not allowed: a container has a namespace of its "
                        + "own only for kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.* and net.*");
            if (network && hostNetwork)
                throw new ContainerSpecException("sysctl \"" + key + "\" not allowed in host network namespace");
        }
        return Map.copyOf(sysctls);
    }
}
