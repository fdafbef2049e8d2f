package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes a container leaves behind. Guest code can fork by itself (through
 * the init host's own syscall instruction) without telling the kernel, so no
 * pidfd holds such a child, and it could outlive its container. So this JVM is
 * a child subreaper: once a container's first process has died, whatever is
 * left of its descendants is reparented here (while it lives, that first
 * process, a subreaper itself, holds them), and the end of every container
 * kills each child of the JVM that no kernel spawned (init hosts: running
 * containers' first processes and spares) or holds by a pidfd (a running
 * container's processes, an exec's background ones among them) and that is a
 * container's (it runs a program of Lamina's installation, as guest code can
 * execute nothing else (Landlock), or bears a container process's marks; a
 * JVM that hosts the kernel may have children of its own), with all its
 * descendants, and reaps it; until none is left.
 */
public final class Orphans {
    private static final System.Logger LOG = System.getLogger(Orphans.class.getName());
    /** Init hosts the kernel spawned, by pid; each as a ProcessHandle (its pid and start time), so a pid reused after
     * one was reaped unrecorded is not taken for it. */
    private static final Map<Integer, ProcessHandle> SPAWNED = new ConcurrentHashMap<>();
    /** Guest processes kernels hold, by host pid (a pid reused before its holder lets go is held twice). */
    private static final Map<Integer, Set<Held>> HELD = new ConcurrentHashMap<>();
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
        // our unreaped child: its pid cannot have been reused yet
        ProcessHandle.of(pid).ifPresent(p -> SPAWNED.put(pid, p));
        return pid;
    }

    /**
     * A guest process a kernel holds by a pidfd (proc.HostProcess). A sweep leaves it to that kernel,
     * which kills it at its own container's end: an exec's background process, once its shell has
     * ended, is the JVM's child while its container runs on, and the end of any other container
     * killed it.
     */
    public interface Held {
        int pid();

        /** Whether its pidfd still holds a process: one not reaped, so the pid is still its own. */
        boolean holds(HostCalls h);
    }

    public static void held(Held p) {
        HELD.computeIfAbsent(p.pid(), k -> ConcurrentHashMap.newKeySet()).add(p);
    }

    public static void released(Held p) {
        HELD.computeIfPresent(p.pid(), (k, s) -> {
            s.remove(p);
            return s.isEmpty() ? null : s;
        });
    }

    private static boolean heldByAKernel(HostCalls h, long pid) {
        Set<Held> s = HELD.get((int) pid);
        return s != null && s.stream().anyMatch(p -> p.holds(h));
    }

    /** Whether pid is an init host the kernel spawned and reaps itself (a first process, an exec's). */
    public static boolean spawned(int pid) { return SPAWNED.containsKey(pid); }

    /** A spawned init host the kernel has reaped. */
    public static void reaped(int pid) { SPAWNED.remove(pid); }

    /**
     * Kills and reaps every child of this JVM that no kernel spawned or holds and that is a
     * container's ({@link #ofAContainer}), each with all its descendants at once (a chain of raw
     * forks would otherwise take a round a process), round after round until none is left: a
     * round finds what the one before reparented here (the killed, a late fork). Returns how
     * many were reaped. The class's lock is held only while the children are listed (a spawn
     * records its init host under it), so starts go on meanwhile; a sweep gives up after 10 s
     * (a process that cannot die, a fork bomb outracing it), saying so.
     */
    public static int killAll(HostCalls h, Path installation) {
        if (!subreaper) return 0; // no container has run here: nothing was reparented for us
        long jvmSession = stat(ProcessHandle.current().pid()).session();
        Set<ProcessHandle> signalled = new HashSet<>();
        int reaped = 0;
        for (long deadline = System.nanoTime() + SWEEP_NANOS; ; ) {
            List<ProcessHandle> orphans;
            synchronized (Orphans.class) {
                orphans = ProcessHandle.current().children()
                        .filter(p -> !p.equals(SPAWNED.get((int) p.pid())) && !heldByAKernel(h, p.pid()) && ofAContainer(p, installation, jvmSession))
                        .toList();
            }
            if (orphans.isEmpty()) return reaped;
            if (System.nanoTime() > deadline) {
                LOG.log(System.Logger.Level.WARNING, orphans.size() + " processes containers left could not be ended: " + orphans);
                return reaped;
            }
            boolean fresh = false;
            for (ProcessHandle o : orphans) {
                if (signalled.add(o)) {
                    fresh = true;
                    if (stat(o.pid()).state() != 'Z') // a zombie has no children
                        for (ProcessHandle d : o.descendants().toList())
                            if (!heldByAKernel(h, d.pid()) && signalled.add(d)) signal(h, d, Flags.SIGKILL, false);
                    signal(h, o, Flags.SIGKILL, false);
                }
                if (signal(h, o, 0, true)) reaped++;
            }
            h.release();
            if (!fresh) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // killed ones not yet ended: looked at again
        }
    }

    /** How long a sweep goes on at most. */
    private static final long SWEEP_NANOS = 10_000_000_000L;

    /**
     * Sends {@code p} a signal (0: none) through a pidfd, then with {@code reap} reaps it if it has
     * ended (our child; not waiting); returns whether it was reaped. A process listed may have
     * ended and its pid name another since, so the pidfd is believed only if the process it holds
     * is the one listed (a ProcessHandle is its pid and start time).
     */
    private static boolean signal(HostCalls h, ProcessHandle p, int signal, boolean reap) {
        long fd = h.syscall(Sysno.PIDFD_OPEN, p.pid(), 0);
        if (fd < 0) return false;
        boolean reaped = false;
        if (ProcessHandle.of(p.pid()).map(p::equals).orElse(false)) {
            if (signal != 0) h.syscall(Sysno.PIDFD_SEND_SIGNAL, fd, signal, 0, 0);
            if (reap) {
                MemorySegment info = h.scratch(Layouts.SIGINFO_SIZE);
                info.fill((byte) 0);
                reaped = h.syscall(Sysno.WAITID, Flags.P_PIDFD, fd, info.address(), Flags.WEXITED | Flags.WNOHANG, 0) == 0
                        && info.get(ValueLayout.JAVA_INT, Layouts.SIGINFO_PID) != 0;
            }
        }
        h.syscall(Sysno.CLOSE, fd);
        return reaped;
    }

    /**
     * Whether a child of this JVM is a container's: it runs a program of the installation; or, as a
     * host user other than root cannot read which program a non-dumpable process runs (an init host
     * the zygote forked, one guest code made so) nor a zombie's, it has no_new_privs (the zygote sets
     * it for every container process, for good) in a session other than this JVM's: every init host
     * leads one, a process can only make new ones, and the JVM's children share its session, whose
     * number no other process can take while the JVM, a member, lives.
     */
    private static boolean ofAContainer(ProcessHandle p, Path installation, long jvmSession) {
        if (p.info().command().map(c -> Path.of(c).startsWith(installation)).orElse(false)) return true;
        return noNewPrivs(p.pid()) && stat(p.pid()).session() != jvmSession;
    }

    /** What /proc/PID/stat says of a process's state and session (after the name in parentheses); none when gone. */
    private record Stat(char state, long session) {}

    private static Stat stat(long pid) {
        try {
            return HostProcStat.read(pid).map(s -> new Stat(s.field(HostProcStat.STATE).charAt(0), s.number(HostProcStat.SESSION)))
                    .orElse(GONE);
        } catch (RuntimeException e) {
            return GONE;
        }
    }

    private static final Stat GONE = new Stat('?', -1);

    private static boolean noNewPrivs(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().anyMatch(l -> l.matches("NoNewPrivs:\\s*1"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
