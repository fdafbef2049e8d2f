package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes a container leaves behind. Guest code can fork by itself (through
 * the init host's own syscall instruction) without telling the kernel, so no
 * pidfd holds such a child, and it could outlive its container. So this JVM is
 * a child subreaper: once a container's first process has died, whatever is
 * left of its descendants is reparented here (while it lives, that first
 * process, a subreaper itself, holds them), and the end of every container
 * kills and reaps each child of the JVM that the kernel did not spawn itself
 * (those are init hosts: running containers' first processes and spares) and
 * that runs a program of Lamina's installation: guest code can execute
 * nothing else (Landlock), and a JVM that hosts the kernel may have children
 * of its own.
 */
public final class Orphans {
    private static final Set<Integer> SPAWNED = ConcurrentHashMap.newKeySet();
    /** Rounds of the sweep: killing one orphan can reparent its own children here. */
    private static final int ROUNDS = 16;
    private static volatile boolean subreaper;

    private Orphans() {}

    /** Makes this JVM the subreaper of everything it starts (once). */
    public static synchronized void adoptDescendants(HostCalls h) {
        if (subreaper) return;
        h.syscall(Sysno.PRCTL, Flags.PR_SET_CHILD_SUBREAPER, 1);
        subreaper = true;
    }

    /** Spawns an init host, a child of the kernel's own and never an orphan: recorded before a
     * sweep (which holds the same lock) could take it for one. */
    public static synchronized int spawn(java.util.function.IntSupplier spawn) {
        int pid = spawn.getAsInt();
        SPAWNED.add(pid);
        return pid;
    }

    /** Whether pid is an init host the kernel spawned and reaps itself (a first process, an exec's). */
    public static boolean spawned(int pid) { return SPAWNED.contains(pid); }

    /** A spawned init host the kernel has reaped. */
    public static void reaped(int pid) { SPAWNED.remove(pid); }

    /** Kills and reaps every child of this JVM that the kernel did not spawn and that runs a
     * program of the installation (the directory holding the init host); returns how many. */
    public static synchronized int killAll(HostCalls h, java.nio.file.Path installation) {
        if (!subreaper) return 0; // no container has run here: nothing was reparented for us
        int killed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            var orphans = ProcessHandle.current().children()
                    .filter(p -> !SPAWNED.contains((int) p.pid()) && runsFrom(p, installation)).toList();
            if (orphans.isEmpty()) break;
            for (ProcessHandle p : orphans) {
                // Our own child, unreaped when listed; a container's orphan reaper may reap it meanwhile, and its
                // pid name another process: the pidfd is believed only if the process it holds is the one listed
                // (a ProcessHandle is its pid and start time).
                long fd = h.syscall(Sysno.PIDFD_OPEN, p.pid(), 0);
                if (fd < 0) continue;
                if (!ProcessHandle.of(p.pid()).map(p::equals).orElse(false)) {
                    h.syscall(Sysno.CLOSE, fd);
                    continue;
                }
                h.syscall(Sysno.PIDFD_SEND_SIGNAL, fd, Flags.SIGKILL, 0, 0);
                h.syscall(Sysno.WAITID, Flags.P_PIDFD, fd, h.scratch(128).address(), Flags.WEXITED, 0);
                h.syscall(Sysno.CLOSE, fd);
                killed++;
            }
            h.release();
        }
        return killed;
    }

    private static boolean runsFrom(ProcessHandle p, java.nio.file.Path installation) {
        return p.info().command().map(c -> java.nio.file.Path.of(c).startsWith(installation)).orElse(false);
    }
}
