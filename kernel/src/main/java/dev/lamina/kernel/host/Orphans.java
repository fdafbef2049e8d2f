package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes a container leaves behind. Guest code can fork by itself (through
 * the init host's own syscall instruction) without telling the kernel, so no
 * pidfd holds such a child, and it could outlive its container. So this JVM is
 * a child subreaper: once a container's first process has died, whatever is
 * left of its descendants is reparented here (while it lives, that first
 * process, a subreaper itself, holds them), and the end of every container
 * kills each child of the JVM that the kernel did not spawn itself (those are
 * init hosts: running containers' first processes and spares) and that is a
 * container's (it runs a program of Lamina's installation, as guest code can
 * execute nothing else (Landlock), or bears a container process's marks; a
 * JVM that hosts the kernel may have children of its own), with all its
 * descendants, and reaps it; until none is left.
 */
public final class Orphans {
    private static final Set<Integer> SPAWNED = ConcurrentHashMap.newKeySet();
    /** Rounds of the sweep at most: each kills every tree found, whose leftovers (zombies, late forks) the next finds. */
    private static final int ROUNDS = 10_000;
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

    /**
     * Kills and reaps every child of this JVM that the kernel did not spawn and that is a container's
     * ({@link #ofAContainer}), with all its descendants; returns how many children were reaped.
     */
    public static synchronized int killAll(HostCalls h, Path installation) {
        if (!subreaper) return 0; // no container has run here: nothing was reparented for us
        long self = ProcessHandle.current().pid();
        Marks jvm = new Marks(noNewPrivs(self), session(self));
        int killed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            var orphans = ProcessHandle.current().children()
                    .filter(p -> !SPAWNED.contains((int) p.pid()) && ofAContainer(p, installation, jvm)).toList();
            if (orphans.isEmpty()) break;
            // Each orphan's whole tree at once (a chain of raw forks would take a round a process); what a process
            // forks meanwhile, or a killed one leaves as a zombie, is reparented here for the next round.
            for (ProcessHandle o : orphans) {
                for (ProcessHandle d : o.descendants().toList()) signal(h, d, Flags.SIGKILL, false);
                signal(h, o, Flags.SIGKILL, true);
                killed++;
            }
            h.release();
        }
        return killed;
    }

    /**
     * Sends {@code p} a signal (and reaps it, our child, with {@code reap}) through a pidfd: a process
     * listed may have ended and its pid name another since, so the pidfd is believed only if the
     * process it holds is the one listed (a ProcessHandle is its pid and start time).
     */
    private static void signal(HostCalls h, ProcessHandle p, int signal, boolean reap) {
        long fd = h.syscall(Sysno.PIDFD_OPEN, p.pid(), 0);
        if (fd < 0) return;
        if (ProcessHandle.of(p.pid()).map(p::equals).orElse(false)) {
            h.syscall(Sysno.PIDFD_SEND_SIGNAL, fd, signal, 0, 0);
            if (reap) h.syscall(Sysno.WAITID, Flags.P_PIDFD, fd, h.scratch(128).address(), Flags.WEXITED, 0);
        }
        h.syscall(Sysno.CLOSE, fd);
    }

    /** This JVM's no_new_privs and session, which its own children inherit. */
    private record Marks(boolean noNewPrivs, long session) {}

    /**
     * Whether a child of this JVM is a container's: it runs a program of the installation; or, as a
     * host user other than root cannot read which program a non-dumpable process runs (an init host
     * the zygote forked, one guest code made so) nor a zombie's, it has no_new_privs (the zygote sets
     * it for every container process, for good) where this JVM, whose own children inherit its
     * flag, has none; or, in a JVM that has it, a session other than the JVM's (every init host
     * leads one, and a process can only make new ones; the JVM's children share its session).
     */
    private static boolean ofAContainer(ProcessHandle p, Path installation, Marks jvm) {
        if (p.info().command().map(c -> Path.of(c).startsWith(installation)).orElse(false)) return true;
        return noNewPrivs(p.pid()) && (!jvm.noNewPrivs() || session(p.pid()) != jvm.session());
    }

    /** A process's session (/proc/PID/stat's sixth field, after the name in parentheses); -1 when gone. */
    private static long session(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(after[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean noNewPrivs(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().anyMatch(l -> l.matches("NoNewPrivs:\\s*1"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
