package dev.lamina.kernel.proc;

import dev.lamina.kernel.host.HostCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One guest process: its pid, its host process (held by a pidfd), and
 * what the kernel keeps about it. Fields change under the process's own lock. */
public final class GuestProcess {
    public enum State { STARTING, RUNNING, ZOMBIE }

    private final int pid;
    private volatile int parentPid;
    private volatile HostProcess host;
    private volatile State state = State.STARTING;
    private volatile int waitStatus;
    private volatile Credentials credentials;
    /** Its threads' root (chroot: "/" is the container's own), working directory and umask; and those of
     * threads that took their own (unshare(CLONE_FS)), by tid. */
    private volatile FsContext fs;
    private final Map<Integer, FsContext> threadFs = new ConcurrentHashMap<>();
    private volatile ExecPlan plan;
    private final java.util.concurrent.atomic.AtomicReference<PendingExec> pendingExec = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile ArgArea argArea;
    private volatile byte[] auxv = new byte[0];
    /** Not until its first exec or its parent's flag is copied (a fork's child is in the table before inherit). */
    private volatile boolean dumpable;
    /** guest tid to host tid, for the threads after the first. */
    private final Map<Integer, Integer> threads = new ConcurrentHashMap<>();
    /** Per signal, the guest that last sent it through the kernel (whose host sender is the JVM), or 0. */
    private final java.util.concurrent.atomic.AtomicIntegerArray senders = new java.util.concurrent.atomic.AtomicIntegerArray(65);

    GuestProcess(int pid, int parentPid, Credentials credentials, String cwd) {
        this.pid = pid;
        this.parentPid = parentPid;
        this.credentials = credentials;
        this.fs = new FsContext(cwd, "/", 022);
    }

    public int pid() { return pid; }

    private final java.util.concurrent.atomic.AtomicInteger channels = new java.util.concurrent.atomic.AtomicInteger();

    /** The kernel serves another of its channels (a thread's, a fork's first, an exec's new one). */
    public void channelOpened() { channels.incrementAndGet(); }

    /** One of its channels has closed: whether it was the last, so the process has ended. */
    public boolean channelClosed() { return channels.decrementAndGet() == 0; }
    public int parentPid() { return parentPid; }
    public void reparent(int newParent) { parentPid = newParent; }
    /** The host pid, or 0 before the process is attached. */
    public int hostPid() {
        HostProcess h = host;
        return h == null ? 0 : h.pid();
    }
    /** The host process, or null before the process is attached. */
    public HostProcess host() { return host; }
    synchronized void attach(HostProcess h) {
        this.host = h;
        this.state = State.RUNNING;
        notifyAll();
    }
    /** The host process, waiting up to {@code millis} for it: a new child
     * can fork before its parent has reported it. Null if it never came. */
    public synchronized HostProcess awaitHost(long millis) throws InterruptedException {
        for (long end = System.currentTimeMillis() + millis, left = millis; host == null && left > 0;
             left = end - System.currentTimeMillis())
            wait(left);
        return host;
    }
    /** The host process; one still starting (its parent has not reported it yet, but it
     * or a child of its may already act) is waited for a while rather than taken as gone. */
    public HostProcess hostOnceStarted() {
        if (state != State.STARTING) return host;
        try {
            return awaitHost(STARTING_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return host;
        }
    }
    private static final long STARTING_WAIT_MILLIS = 5_000;
    /** The host pid of a process whose own call is served: a child just forked runs before its parent
     * reports it, so it is waited for rather than taken as 0 (which the host reads as the kernel itself). */
    public int hostPidOnceStarted() {
        HostProcess h = hostOnceStarted();
        return h == null ? 0 : h.pid();
    }

    public State state() { return state; }
    /** The kernel sends sig to this process for the guest process sender. */
    public void signalledBy(int sig, int sender) { senders.set(sig, sender); }
    /** Who sent sig last through the kernel (the si_pid it shows), or 0: from outside the container. */
    public int signalSender(int sig) { return senders.get(sig); }
    public int waitStatus() { return waitStatus; }
    public void exited(int status) { waitStatus = status; state = State.ZOMBIE; }
    public Credentials credentials() { return credentials; }
    /** New ids; a change of the effective or filesystem ones, or permitted capabilities gained, makes the
     * process no longer dumpable, as Linux's commit_creds (with fs.suid_dumpable 0). */
    public void credentials(Credentials c) {
        Credentials old = credentials;
        if (old.euid() != c.euid() || old.egid() != c.egid() || old.fsuid() != c.fsuid() || old.fsgid() != c.fsgid()
                || (c.caps().permitted() & ~old.caps().permitted()) != 0)
            dumpable = false;
        credentials = c;
    }
    /**
     * Linux's dumpable flag (SUID_DUMP_USER or not): whether /proc/PID is the process's own user's, and
     * whether a process of the same ids may look into it there. Cleared by a change of ids, set again by an
     * exec that runs with the real ids, and by prctl(PR_SET_DUMPABLE).
     */
    public boolean dumpable() { return dumpable; }
    public void dumpable(boolean d) { dumpable = d; }

    /** Linux's PF_NPROC_EXCEEDED: a set*uid made it a user already past its RLIMIT_NPROC, which Linux
     * lets pass (programs run as root seldom check setuid's result) and holds at the next execve. */
    private volatile boolean nprocExceeded;
    public boolean nprocExceeded() { return nprocExceeded; }
    public void nprocExceeded(boolean e) { nprocExceeded = e; }
    /** The root, working directory and umask of thread tid. */
    public FsContext fs(int tid) { return threadFs.getOrDefault(tid, fs); }
    /** The process's, as its main thread has them (/proc/PID/cwd and root). */
    public FsContext fs() { return fs(pid); }
    /** Every one its threads have, its own and those taken apart. */
    public List<FsContext> fsContexts() {
        List<FsContext> all = new java.util.ArrayList<>(threadFs.values());
        all.add(fs);
        return all;
    }
    /** Thread tid takes a copy of what it has (unshare(CLONE_FS)), shared with no other thread from then on. */
    public void unshareFs(int tid) { threadFs.put(tid, fs(tid).copy()); }
    /** A new thread shares its creator's (CLONE_FS), one the creator took apart too. */
    public void threadCreatedBy(int creator, int tid) {
        FsContext theirs = threadFs.get(creator);
        if (theirs != null) threadFs.put(tid, theirs);
    }
    /** An exec: the thread that made it is the process's only one, and its root, working directory and umask
     * (kept, null for the process's) the process's, as Linux keeps the exec'ing thread's fs_struct. */
    public void execed(FsContext kept) {
        if (kept != null) fs = kept;
        threadFs.clear();
    }
    /** A thread ended (an exec ends the others): its own goes. */
    void dropFs(int tid) { threadFs.remove(tid); }
    /** What the process runs now (null before its first exec). */
    public ExecPlan plan() { return plan; }
    /**
     * An exec's plan, with the kernel's host descriptor of its program, opened when the exec was checked. One a
     * guest's execve asked for ({@code asked}: a guest can forge that request) comes with where the host
     * process's stack was then ({@link HostProcess#startStack}; 0: not known): if it gives more than the old
     * program had, it may be taken only once the process has exec'd. The kernel's own (a process it starts) not.
     * {@code fs}: the exec'ing thread's root, working directory and umask; null for the kernel's own starts.
     */
    public record PendingExec(ExecPlan plan, int program, boolean asked, long startStack, FsContext fs) {}

    /** Stores an exec's plan and its program's descriptor, which the new init host takes; one never taken goes. */
    public void prepareExec(PendingExec e, HostCalls h) {
        drop(pendingExec.getAndSet(e), h);
    }

    /** The plan the new init host takes (null: none), its program's descriptor now the caller's to close. */
    public PendingExec takeExec() {
        PendingExec e = pendingExec.getAndSet(null);
        if (e != null) {
            plan = e.plan();
            argArea = null;
            auxv = new byte[0];
        }
        return e;
    }

    /** The process is gone: a plan no init host took, and its program's descriptor, go too. */
    public void dropExec(HostCalls h) { drop(pendingExec.getAndSet(null), h); }

    private static void drop(PendingExec e, HostCalls h) {
        if (e != null) h.syscall(dev.lamina.kernel.abi.Sysno.CLOSE, e.program());
    }
    /** Where the program's arguments lie in its memory, once its init host has said (null until then). */
    public ArgArea argArea() { return argArea; }
    public void argArea(ArgArea a) { argArea = a; }
    /** The auxiliary vector its program started with, through AT_NULL, once its init host has said (empty until then). */
    public byte[] auxv() { return auxv.clone(); }
    public void auxv(byte[] a) { auxv = a.clone(); }
    /**
     * The first process of a run or an exec on a terminal of its own (`-t`): its init
     * hosts make that terminal their controlling one, as a login's shell has it.
     */
    public boolean leadsTerminal() { return leadsTerminal; }
    public void leadsTerminal(boolean leads) { leadsTerminal = leads; }
    private volatile boolean leadsTerminal;

    /** A forked child runs what its parent runs, where the forking thread is. */
    public void inherit(GuestProcess parent, int forkingTid) {
        plan = parent.plan;
        argArea = parent.argArea;
        auxv = parent.auxv;
        fs = parent.fs(forkingTid).copy();
        dumpable = parent.dumpable;
        nprocExceeded = parent.nprocExceeded;
    }

    public Map<Integer, Integer> threads() { return threads; }
    public List<String> argv() { return plan == null ? List.of() : plan.argv(); }
}
