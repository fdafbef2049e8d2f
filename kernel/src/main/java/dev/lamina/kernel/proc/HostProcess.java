package dev.lamina.kernel.proc;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostProcStat;
import dev.lamina.kernel.host.Orphans;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host process behind a guest process, held by a pidfd from its birth
 * until the kernel forgets it. A host pid is never taken on trust and never
 * signalled by number: a signal goes through the pidfd, so one sent after
 * the process was reaped fails with ESRCH instead of reaching whatever
 * process got its pid since.
 */
public final class HostProcess implements Orphans.Held {
    private final int pid;
    /** -1 once closed; guarded by this, so a signal never uses a closed (reused) number. */
    private int pidfd;

    private HostProcess(int pid, int pidfd) {
        this.pid = pid;
        this.pidfd = pidfd;
        Orphans.held(this);
    }

    /** Why a pidfd sent by an init host was refused. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean reaped;

        Refused(String why) { this(why, false); }

        private Refused(String why, boolean reaped) {
            super(why, null, false, false);
            this.reaped = reaped;
        }

        /** Its process has ended and been reaped: nothing is left that a forged pidfd could reach. */
        public boolean reaped() { return reaped; }
    }

    /** A process the kernel itself started and has not reaped: its pid cannot have been reused yet. */
    public static HostProcess ofOwnChild(HostCalls h, int pid) {
        long fd = h.syscall(Sysno.PIDFD_OPEN, pid, 0);
        if (fd < 0) throw new IllegalStateException("pidfd_open of init host " + pid + ": errno " + -fd);
        return new HostProcess(pid, (int) fd);
    }

    /**
     * Takes a pidfd an init host sent (the kernel's own descriptor now) as
     * a child of {@code parentPid}, the sender's verified host pid. It must
     * be a pidfd, its process a child of the parent, and that process not
     * reaped once checked (so the pid read from /proc was its own all
     * along). On refusal the descriptor is closed.
     */
    public static HostProcess adoptChild(HostCalls h, int pidfd, int parentPid) throws Refused {
        try {
            int[] ids = idsOf(h, pidfd);
            int pid = ids[0], ppid = ids[1];
            if (pid <= 0) throw new Refused("its process has already been reaped", true);
            if (ppid != parentPid)
                throw new Refused("host process " + pid + " is not a child of " + parentPid + " (its parent is " + ppid + ")");
            if (h.syscall(Sysno.PIDFD_SEND_SIGNAL, pidfd, 0, 0, 0) != 0)
                throw new Refused("host process " + pid + " was reaped while being checked", true);
            return new HostProcess(pid, pidfd);
        } catch (Refused e) {
            h.syscall(Sysno.CLOSE, pidfd);
            throw e;
        }
    }


    /**
     * The pid a pidfd names and its parent's: {-1, -1} once reaped. One ioctl
     * where the host has PIDFD_GET_INFO; else from /proc, whose status file
     * waits for the child's memory lock, which an exec just begun holds
     * (about 90 µs a fork here, against a few for the ioctl).
     */
    private static int[] idsOf(HostCalls h, int fd) throws Refused {
        // struct statfs is the larger of the two structs this buffer holds in turn.
        MemorySegment info = h.scratch(Layouts.STATFS_SIZE);
        info.fill((byte) 0);
        if (h.syscall(Sysno.FSTATFS, fd, info.address()) == 0) {
            if (info.get(ValueLayout.JAVA_LONG, 0) != Flags.PIDFS_MAGIC) throw new Refused("not a pidfd");
            info.fill((byte) 0);
            long r = h.syscall(Sysno.IOCTL, fd, Flags.PIDFD_GET_INFO, info.address());
            if (r == 0) return new int[] {info.get(ValueLayout.JAVA_INT, Layouts.PIDFD_INFO_PID), info.get(ValueLayout.JAVA_INT, Layouts.PIDFD_INFO_PPID)};
            if (r == -Errno.ESRCH) return new int[] {-1, -1};
        }
        int pid = pidOf(fd);
        return new int[] {pid, pid <= 0 ? -1 : parentOf(pid)};
    }

    /** The pid a pidfd names (-1 once reaped), from the kernel's own fdinfo. */
    private static int pidOf(int fd) throws Refused {
        try {
            if (!Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().contains("pidfd"))
                throw new Refused("not a pidfd");
            return field(Path.of("/proc/self/fdinfo/" + fd), "Pid:");
        } catch (IOException e) {
            throw new Refused("not a pidfd");
        }
    }

    private static int parentOf(int pid) throws Refused {
        try {
            return field(Path.of("/proc/" + pid + "/status"), "PPid:");
        } catch (IOException e) {
            throw new Refused("host process " + pid + " is gone");
        }
    }

    private static int field(Path file, String name) throws IOException, Refused {
        for (String line : Files.readAllLines(file))
            if (line.startsWith(name)) return Integer.parseInt(line.substring(name.length()).trim());
        throw new Refused("no " + name + " in " + file);
    }

    @Override
    public int pid() { return pid; }

    @Override
    public boolean holds(HostCalls h) { return signal(h, 0) == 0; }

    /**
     * Where the host put its stack at its last exec (/proc/PID/stat's startstack): a new value at
     * each exec (the stack's place is random), which nothing else changes without CAP_SYS_RESOURCE
     * (PR_SET_MM), so it shows that the process has exec'd since it was read; 0 when unknown (the
     * process gone, or its stat not ours to read).
     */
    public long startStack(HostCalls h) {
        try {
            long at = HostProcStat.read(pid).map(s -> s.number(HostProcStat.STARTSTACK)).orElse(0L);
            return at != 0 && signal(h, 0) == 0 ? at : 0; // still this process (the pidfd holds it), not a pid reused
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** pidfd_send_signal: 0, or a negative errno (ESRCH once reaped or forgotten). */
    public synchronized long signal(HostCalls h, int sig) {
        if (pidfd < 0) return -Errno.ESRCH;
        return h.syscall(Sysno.PIDFD_SEND_SIGNAL, pidfd, sig, 0, 0);
    }

    /**
     * A signal to one thread. tgkill delivers only to a thread of the
     * process numbered {@link #pid}, and the pidfd shows right before that
     * the process is not reaped, so the number is still this process's
     * (portable to kernels before 6.9, which lack PIDFD_THREAD).
     */
    public synchronized long signalThread(HostCalls h, int hostTid, int sig) {
        if (pidfd < 0 || h.syscall(Sysno.PIDFD_SEND_SIGNAL, pidfd, 0, 0, 0) != 0) return -Errno.ESRCH;
        return h.syscall(Sysno.TGKILL, pid, hostTid, sig);
    }

    /** Whether the process has ended (a zombie or reaped): its pidfd polls readable. */
    public synchronized boolean ended(HostCalls h) {
        if (pidfd < 0) return true;
        MemorySegment p = h.scratch(8);
        p.set(ValueLayout.JAVA_INT, 0, pidfd);
        p.set(ValueLayout.JAVA_SHORT, 4, Flags.POLLIN);
        return h.syscall(Sysno.POLL, p.address(), 1, 0) == 1 && (p.get(ValueLayout.JAVA_SHORT, 6) & Flags.POLLIN) != 0;
    }

    /**
     * Reaps the process if it has ended as this JVM's child: a guest process whose parent ended before it is
     * reparented to the JVM (a subreaper), and was left a zombie of it. Through the pidfd, so no other
     * process is reaped; without waiting; a process not the JVM's child is left (ECHILD).
     */
    public synchronized void reapIfChild(HostCalls h) {
        if (pidfd >= 0) h.syscall(Sysno.WAITID, Flags.P_PIDFD, pidfd, h.scratch(128).address(), Flags.WEXITED | Flags.WNOHANG, 0);
    }

    /** What {@link #reapAsChild} found instead of a wait status: the process runs, or is not this JVM's child. */
    public static final int RUNNING = -1, NOT_CHILD = -2;

    /**
     * Reaps the process if it has ended as this JVM's child: its wait status; {@link #RUNNING} while it runs,
     * {@link #NOT_CHILD} when it is not the JVM's (or is gone, or its pidfd dropped). Through the pidfd, without waiting.
     */
    public synchronized int reapAsChild(HostCalls h) {
        if (pidfd < 0) return NOT_CHILD;
        MemorySegment info = h.scratch(Layouts.SIGINFO_SIZE);
        info.fill((byte) 0);
        if (h.syscall(Sysno.WAITID, Flags.P_PIDFD, pidfd, info.address(), Flags.WEXITED | Flags.WNOHANG, 0) != 0) return NOT_CHILD;
        if (info.get(ValueLayout.JAVA_INT, Layouts.SIGINFO_PID) == 0) return RUNNING; // no child ended
        int code = info.get(ValueLayout.JAVA_INT, Layouts.SIGINFO_CODE), status = info.get(ValueLayout.JAVA_INT, Layouts.SIGINFO_STATUS);
        return code == Flags.CLD_EXITED ? (status & 0xff) << 8 : (status & 0x7f) | (code == Flags.CLD_DUMPED ? 0x80 : 0);
    }

    /** The pidfd to poll for the process's end (-1 once dropped): readable once it has ended. */
    synchronized int pollable() { return pidfd; }

    /** Drops the pidfd; later signals fail with ESRCH. */
    public synchronized void close(HostCalls h) {
        if (pidfd >= 0) h.syscall(Sysno.CLOSE, pidfd);
        pidfd = -1;
        Orphans.released(this);
    }
}
