package dev.lamina.kernel.proc;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The container's processes by guest pid, with translation to and from
 * host pids. Guest pids start at 1 (the entry process). */
public final class ProcessTable {
    private final Map<Integer, GuestProcess> byPid = new ConcurrentHashMap<>();
    private final Map<Integer, GuestProcess> byHostPid = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> threadsByHostTid = new ConcurrentHashMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(1);
    /** Host pid to guest pid of processes that have ended (the latest few): results name them
     * still (a message queue's last receiver, a session's leader), as Linux keeps a pid's number. */
    private final Map<Integer, Integer> ended = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > ENDED_KEPT;
        }
    });
    private static final int ENDED_KEPT = 4096;

    /**
     * The container's tasks as a cgroup's pids.current counts them: every process until it is
     * reaped (a zombie's pid is held still), and each of its threads.
     */
    public synchronized long tasks() {
        long n = 0;
        for (GuestProcess p : byPid.values()) n += 1 + (p.state() == GuestProcess.State.ZOMBIE ? 0 : p.threads().size());
        return n;
    }

    /**
     * A child of parentPid made by a fork, unless the container holds {@code maxTasks} tasks
     * already ({@code --pids-limit}; negative: no limit): null then, and the fork fails with
     * EAGAIN, as the pids cgroup makes it.
     */
    public synchronized GuestProcess forked(GuestProcess parent, long maxTasks, HostCalls h) {
        if (atLimit(maxTasks, h)) return null;
        return create(parent.pid(), parent.credentials(), parent.fs().cwd());
    }

    /** A new thread's id, recorded as p's, unless the container holds {@code maxTasks} tasks already: -1 then. */
    public synchronized int newThread(GuestProcess p, long maxTasks, HostCalls h) {
        if (atLimit(maxTasks, h)) return -1;
        int tid = newTid();
        threadCreated(p, tid);
        return tid;
    }

    /**
     * Whether the container holds {@code maxTasks} tasks (negative: no limit), once those the host
     * ended without the kernel's having heard yet are dropped: threads whose end (their channel's
     * close) is still on its way, as after a pthread_join; children of a parent that ignores SIGCHLD,
     * which the host reaped; orphans the JVM inherited (an exec's), reaped here if they have ended.
     */
    private boolean atLimit(long maxTasks, HostCalls h) {
        if (maxTasks < 0 || tasks() < maxTasks) return false;
        pruneEnded(h);
        return tasks() >= maxTasks;
    }

    /**
     * Whether real user {@code uid} holds {@code limit} tasks of the container (RLIMIT_NPROC, which Linux
     * counts per real user: each process until it is reaped, and its threads), once those the host ended
     * without the kernel's having heard yet are dropped.
     */
    public synchronized boolean atUserLimit(int uid, long limit, HostCalls h) {
        if (tasksOf(uid) < limit) return false;
        pruneEnded(h);
        return tasksOf(uid) >= limit;
    }

    private long tasksOf(int uid) {
        long n = 0;
        for (GuestProcess p : byPid.values())
            if (p.credentials().ruid() == uid) n += 1 + (p.state() == GuestProcess.State.ZOMBIE ? 0 : p.threads().size());
        return n;
    }

    /** Drops the tasks the host ended without the kernel's having heard yet (see atLimit). */
    private void pruneEnded(HostCalls h) {
        for (GuestProcess p : List.copyOf(byPid.values())) {
            HostProcess host = p.host();
            if (host == null) continue;
            for (var t : List.copyOf(p.threads().entrySet()))
                if (t.getValue() > 0 && host.signalThread(h, t.getValue(), 0) == -dev.lamina.kernel.abi.Errno.ESRCH)
                    threadEnded(p, t.getKey());
            if (!host.ended(h)) continue;
            if (!dev.lamina.kernel.host.Orphans.spawned(host.pid())) host.reapIfChild(h);
            if (host.signal(h, 0) == -dev.lamina.kernel.abi.Errno.ESRCH) remove(p, h);
        }
    }

    public GuestProcess create(int parentPid, Credentials credentials, String cwd) {
        int pid = nextPid.getAndIncrement();
        GuestProcess p = new GuestProcess(pid, parentPid, credentials, cwd);
        byPid.put(pid, p);
        return p;
    }

    /** A new thread id from the same space as pids, as Linux does. */
    public int newTid() { return nextPid.getAndIncrement(); }

    /**
     * Gives a starting process its host process. Refused (false) when that
     * host process already belongs to another guest process that has not
     * ended: one host process is one guest process.
     */
    public synchronized boolean attach(GuestProcess p, HostProcess host, HostCalls h) {
        GuestProcess other = byHostPid.get(host.pid());
        if (other != null && other != p && !other.host().ended(h)) return false;
        // Named by its host pid before those waiting for it wake (hostOnceStarted, then guestId).
        byHostPid.put(host.pid(), p);
        p.attach(host);
        return true;
    }

    /** A thread whose channel the kernel now serves; its host tid is not known yet (0). */
    public synchronized void threadCreated(GuestProcess p, int tid) {
        p.threads().put(tid, 0);
    }

    /** Its creator's word that the thread runs on the host, as hostTid. A thread that has ended
     * already (its channel closed, or an exec ended it) stays ended. */
    public synchronized void threadStarted(GuestProcess p, int tid, int hostTid) {
        if (p.threads().replace(tid, hostTid) != null) threadsByHostTid.put(hostTid, tid);
    }

    public GuestProcess get(int pid) { return byPid.get(pid); }

    /** Waits for parent's children whose forks are being reported (a while at most each); whether there were any. */
    public boolean awaitStartingChildren(GuestProcess parent) {
        boolean any = false;
        for (GuestProcess p : byPid.values()) {
            if (p.parentPid() != parent.pid() || p.state() != GuestProcess.State.STARTING) continue;
            p.hostOnceStarted();
            any = true;
        }
        return any;
    }

    /**
     * The parent pid p shows (getppid, /proc): Linux hands an exited parent's children to the
     * subreaper, pid 1, as the parent exits; the kernel hears of it only when the parent is
     * reaped (REAPED), which may come much later. Until then its pidfd says it has ended.
     */
    public int parentOf(GuestProcess p, HostCalls h) {
        int ppid = p.parentPid();
        if (ppid <= 1) return ppid;
        GuestProcess parent = byPid.get(ppid);
        // Reaped and gone from the table (guest pids are not reused): pid 1's, before orphansOf has said so.
        if (parent == null) return 1;
        HostProcess host = parent.host();
        return host != null && host.ended(h) ? 1 : ppid;
    }

    public GuestProcess byHost(int hostPid) { return byHostPid.get(hostPid); }

    /** The guest pid or tid for a host one (of a process that has ended too), or 0 when it is not the container's. */
    public int guestId(int hostId) {
        GuestProcess p = byHostPid.get(hostId);
        if (p != null) return p.pid();
        Integer tid = threadsByHostTid.get(hostId);
        if (tid != null) return tid;
        return ended.getOrDefault(hostId, 0);
    }

    /** The host pid a process that has ended had (of the latest few), or 0: what names its group while members
     * remain, as on Linux a process group outlives its leader. */
    public int endedHost(int pid) {
        synchronized (ended) {
            for (Map.Entry<Integer, Integer> e : ended.entrySet())
                if (e.getValue() == pid) return e.getKey();
        }
        return 0;
    }

    /** The host tid of a guest tid (a process's main thread or another thread), or -1. */
    public int hostTid(int tid) {
        GuestProcess p = byPid.get(tid);
        if (p != null && p.hostPid() > 0) return p.hostPid();
        for (GuestProcess q : byPid.values()) {
            Integer h = q.threads().get(tid);
            if (h != null && h > 0) return h;
        }
        return -1;
    }

    /** The process a thread id belongs to. */
    public GuestProcess ownerOfTid(int tid) {
        GuestProcess p = byPid.get(tid);
        if (p != null) return p;
        for (GuestProcess q : byPid.values())
            if (q.threads().containsKey(tid)) return q;
        return null;
    }

    /** Forgets a process; its pidfd is closed, so nothing can signal it any more. */
    public void remove(GuestProcess p, HostCalls h) {
        HostProcess host = p.host();
        // Among the ended before it leaves the table: a group it led is named all the while (a member's setpgid
        // on another thread meanwhile found neither, and got EPERM).
        if (host != null && byHostPid.get(host.pid()) == p) ended.put(host.pid(), p.pid());
        byPid.remove(p.pid());
        p.dropExec(h);
        if (host != null) {
            byHostPid.remove(host.pid(), p);
            host.close(h);
        }
        for (Integer hostTid : p.threads().values()) threadsByHostTid.remove(hostTid);
    }

    /** Orphans the host gave this JVM, perhaps: reaped as they end by one thread ({@link #reapOrphans}). */
    private final java.util.Set<GuestProcess> orphans = ConcurrentHashMap.newKeySet();
    private Thread reaper;

    /**
     * {@code p} is gone: its children are pid 1's, as Linux hands them to the container's init. Those the host
     * handed this JVM instead (an exec's background processes, whose shell ended: the JVM is their subreaper) are
     * reaped as they end, as the container's init reaps them under Docker; they stayed zombies, showing a parent
     * that was gone. The others are pid 1's init host's children on the host too (a subreaper): left to it.
     */
    public void orphansOf(GuestProcess p) {
        for (GuestProcess q : all()) {
            if (q.parentPid() != p.pid()) continue;
            q.reparent(1);
            if (q.host() != null) orphans.add(q);
        }
        synchronized (this) {
            if (!orphans.isEmpty() && reaper == null)
                reaper = Thread.ofPlatform().daemon().name("orphan-reaper").start(this::reapOrphans);
        }
    }

    /** Until no orphan is left: waits (a while at most) for one to end, and reaps those that ended. */
    private void reapOrphans() {
        try (HostCalls h = new HostCalls()) {
            while (true) {
                for (GuestProcess q : List.copyOf(orphans)) {
                    int status = q.host().reapAsChild(h);
                    if (status == HostProcess.RUNNING) continue;
                    orphans.remove(q);
                    if (status == HostProcess.NOT_CHILD) continue;
                    q.exited(status);
                    remove(q, h);
                    orphansOf(q);
                }
                synchronized (this) {
                    if (orphans.isEmpty()) {
                        reaper = null;
                        return;
                    }
                }
                awaitAnEnd(h, List.copyOf(orphans));
            }
        }
    }

    /** Polls the orphans' pidfds until one ends, for 200 ms at most (new orphans join at the next round). */
    private static void awaitAnEnd(HostCalls h, List<GuestProcess> these) {
        MemorySegment fds = h.scratch(8L * these.size());
        for (int i = 0; i < these.size(); i++) {
            fds.set(ValueLayout.JAVA_INT, 8L * i, these.get(i).host().pollable());
            fds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, Flags.POLLIN);
            fds.set(ValueLayout.JAVA_SHORT, 8L * i + 6, (short) 0);
        }
        h.syscall(Sysno.POLL, fds.address(), these.size(), 200);
        h.release();
    }

    public synchronized void threadEnded(GuestProcess p, int tid) {
        Integer hostTid = p.threads().remove(tid);
        if (hostTid != null) threadsByHostTid.remove(hostTid);
        p.dropFs(tid);
    }

    /** A new program runs: its process's other threads ended with the old one (before the host's
     * execve returned), whenever their channels' ends reach the kernel. */
    public synchronized void execed(GuestProcess p) {
        for (int tid : List.copyOf(p.threads().keySet())) threadEnded(p, tid);
    }

    /**
     * A directory was renamed (or, exchanging, swapped with another): each working
     * directory and root at or below it follows it, as Linux's are the directories themselves, not
     * names. Paths are canonical container paths.
     */
    public void renamed(String from, String to, boolean exchange) {
        for (GuestProcess p : byPid.values())
            for (FsContext fs : p.fsContexts()) {
                String cwd = fs.cwd();
                String moved = movedWith(cwd, from, to);
                if (moved == null && exchange) moved = movedWith(cwd, to, from);
                if (moved != null) fs.cwd(moved);
                String root = fs.root();
                moved = movedWith(root, from, to);
                if (moved == null && exchange) moved = movedWith(root, to, from);
                if (moved != null) fs.root(moved);
            }
    }

    private static String movedWith(String path, String from, String to) {
        if (path.equals(from)) return to;
        return path.startsWith(from + "/") ? to + path.substring(from.length()) : null;
    }

    public List<GuestProcess> all() {
        List<GuestProcess> list = new ArrayList<>(byPid.values());
        list.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
        return list;
    }
}
