package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * System V semaphore sets. A semop that cannot go on waits in its set's
 * queue; whoever changes the set then does the queued operations that now
 * can, in order, and wakes their callers (Linux's update_queue). SEM_UNDO
 * adjustments are kept per process and applied when it ends.
 */
final class Semaphores {
    private final IpcIds<SemSet> ids = new IpcIds<>(IpcLimits.SEMMNI);
    private final IpcMemory memory;

    Semaphores(IpcMemory memory) { this.memory = memory; }

    private static long cost(SemSet s) { return IpcMemory.OVERHEAD + 6L * s.values.length; }

    private static long undoCost(SemSet s) { return IpcMemory.OVERHEAD + 2L * s.values.length; }
    /** Each process's SEM_UNDO adjustments, by set. */
    private final Map<Integer, Map<SemSet, short[]>> undo = new HashMap<>();
    private int used;

    private static final class SemSet extends IpcObject {
        final short[] values;
        final int[] pids;
        long otime;
        final List<Pending> queue = new ArrayList<>();

        SemSet(Task t, int key, int flags, int nsems) {
            super(t, key, flags);
            values = new short[nsems];
            pids = new int[nsems];
        }
    }

    /** One sembuf. */
    private record Op(int num, short op, short flags) {
        boolean undo() { return (flags & Flags.SEM_UNDO) != 0; }
    }

    /** A semop waiting: its operations, and the one it waits on (for GETNCNT and GETZCNT). */
    private record Pending(Op[] ops, Waiter waiter, Op blocking) {}

    synchronized long get(Task t, int key, int nsems, int flags) {
        if (nsems < 0 || nsems > IpcLimits.SEMMSL) return -Errno.EINVAL;
        return ids.get(t, key, flags, s -> nsems > s.values.length ? -Errno.EINVAL : 0, () -> {
            if (nsems == 0) throw new IpcIds.Refusal(Errno.EINVAL);
            if ((long) used + nsems > IpcLimits.SEMMNS) throw new IpcIds.Refusal(Errno.ENOSPC);
            SemSet made = new SemSet(t, key, flags, nsems);
            if (!memory.charge(cost(made))) throw new IpcIds.Refusal(Errno.ENOSPC);
            used += nsems;
            return made;
        });
    }

    /** semop and semtimedop: timeout in nanoseconds, -1 for none. */
    long operate(Task t, int id, byte[] sops, int nsops, long timeout) {
        if (nsops > IpcLimits.SEMOPM) return -Errno.E2BIG;
        if (nsops < 1 || sops.length != (long) nsops * Layouts.SEMBUF_SIZE) return -Errno.EINVAL;
        ByteBuffer b = ByteBuffer.wrap(sops).order(ByteOrder.LITTLE_ENDIAN);
        Op[] ops = new Op[nsops];
        int max = 0;
        boolean alter = false, undoes = false;
        for (int i = 0; i < nsops; i++) {
            ops[i] = new Op(Short.toUnsignedInt(b.getShort()), b.getShort(), b.getShort());
            max = Math.max(max, ops[i].num());
            alter |= ops[i].op() != 0;
            undoes |= ops[i].undo();
        }
        long deadline = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + timeout;
        Waiter w;
        Pending p;
        SemSet s;
        synchronized (this) {
            s = ids.byId(id);
            if (s == null) return -Errno.EINVAL;
            if (max >= s.values.length) return -Errno.EFBIG;
            if (!s.permits(t, alter ? IpcObject.WRITE : IpcObject.READ)) return -Errno.EACCES;
            int pid = t.process().pid();
            // The process's adjustments for the set are made before anything is done, as Linux's find_alloc_undo.
            if (undoes && !undo.computeIfAbsent(pid, k -> new IdentityHashMap<>()).containsKey(s)) {
                if (!memory.charge(undoCost(s))) return -Errno.ENOMEM;
                undo.get(pid).put(s, new short[s.values.length]);
            }
            Op blocking = tryOps(s, ops, pid);
            if (blocking == null) {
                update(s, t.host());
                return 0;
            }
            if (blocking == ERANGE) return -Errno.ERANGE;
            if ((blocking.flags() & Flags.IPC_NOWAIT) != 0) return -Errno.EAGAIN;
            w = new Waiter(t);
            p = new Pending(ops, w, blocking);
            s.queue.add(p);
        }
        try {
            while (true) {
                Waiter.Outcome o = w.await(deadline);
                synchronized (this) {
                    if (w.done) return w.result;
                    if (o == Waiter.Outcome.WOKEN) continue;
                    s.queue.remove(p);
                    return o == Waiter.Outcome.TIMED_OUT ? -Errno.EAGAIN : -Errno.EINTR;
                }
            }
        } finally {
            w.close();
        }
    }

    /** What tryOps answers for an operation out of range. */
    private static final Op ERANGE = new Op(-1, (short) 0, (short) 0);

    /** Linux's perform_atomic_semop: does all of ops, or none: null when done, the operation that
     * must wait, or ERANGE. Each operation is made in place and taken back if a later one cannot be. */
    private Op tryOps(SemSet s, Op[] ops, int pid) {
        Map<SemSet, short[]> mine = undo.get(pid);
        short[] adj = mine == null ? null : mine.get(s); // made before any operation with SEM_UNDO is tried
        Op failed = null;
        int done = 0;
        for (; done < ops.length && failed == null; done++) {
            Op o = ops[done];
            int value = s.values[o.num()];
            if (o.op() == 0 && value != 0) failed = o;
            else if (value + o.op() < 0) failed = o;
            else if (value + o.op() > IpcLimits.SEMVMX) failed = ERANGE;
            else if (o.undo() && (adj == null || adj[o.num()] - o.op() < -IpcLimits.SEMAEM - 1
                    || adj[o.num()] - o.op() > IpcLimits.SEMAEM)) failed = ERANGE;
            if (failed != null) break;
            s.values[o.num()] = (short) (value + o.op());
            if (o.undo()) adj[o.num()] = (short) (adj[o.num()] - o.op());
        }
        if (failed != null) {
            for (int i = done - 1; i >= 0; i--) {
                Op o = ops[i];
                s.values[o.num()] = (short) (s.values[o.num()] - o.op());
                if (o.undo()) adj[o.num()] = (short) (adj[o.num()] + o.op());
            }
            return failed;
        }
        for (Op o : ops) s.pids[o.num()] = pid;
        s.otime = IpcIds.now();
        return null;
    }

    /** The set changed: queued operations that can go on now do, in order, until none can. */
    private void update(SemSet s, HostCalls h) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Iterator<Pending> it = s.queue.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                Op blocking = tryOps(s, p.ops(), p.waiter().pid);
                if (blocking != null && blocking != ERANGE) continue;
                it.remove();
                p.waiter().done = true;
                p.waiter().result = blocking == ERANGE ? -Errno.ERANGE : 0;
                p.waiter().wake(h);
                if (blocking == null) {
                    progress = true;
                    break;
                }
            }
        }
    }

    synchronized long control(Task t, int id, int num, int cmd, int value, byte[] in, Reply out) {
        if (cmd == Flags.SETVAL && (value < 0 || value > IpcLimits.SEMVMX)) return -Errno.ERANGE;
        switch (cmd) {
            case Flags.IPC_INFO, Flags.SEM_INFO -> {
                boolean usage = cmd == Flags.SEM_INFO;
                int[] info = {IpcLimits.SEMMNS, IpcLimits.SEMMNI, IpcLimits.SEMMNS, IpcLimits.SEMMNS, IpcLimits.SEMMSL,
                        IpcLimits.SEMOPM, IpcLimits.SEMOPM, usage ? ids.count() : IpcLimits.SEMUSZ, IpcLimits.SEMVMX,
                        usage ? used : IpcLimits.SEMAEM};
                MemorySegment m = MemorySegment.ofArray(new byte[Layouts.SEMINFO_SIZE]);
                for (int i = 0; i < info.length; i++) m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, info[i]);
                out.item(m.toArray(ValueLayout.JAVA_BYTE));
                return ids.maxIndex();
            }
            case Flags.IPC_STAT, Flags.SEM_STAT, Flags.SEM_STAT_ANY -> {
                return ids.stat(t, id, cmd != Flags.IPC_STAT, cmd == Flags.SEM_STAT_ANY, Semaphores::stat, out);
            }
            default -> { }
        }
        SemSet s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        int pid = t.process().pid();
        switch (cmd) {
            case Flags.IPC_SET -> {
                if (in.length != Layouts.IPC_PERM_SIZE) return -Errno.EFAULT;
                if (!s.changeableBy(t)) return -Errno.EPERM;
                return s.setPerm(MemorySegment.ofArray(in));
            }
            case Flags.IPC_RMID -> {
                if (!s.changeableBy(t)) return -Errno.EPERM;
                ids.remove(s);
                used -= s.values.length;
                memory.uncharge(cost(s));
                for (Map<SemSet, short[]> m : undo.values())
                    if (m.remove(s) != null) memory.uncharge(undoCost(s));
                for (Pending p : s.queue) {
                    p.waiter().done = true;
                    p.waiter().result = -Errno.EIDRM;
                    p.waiter().wake(t.host());
                }
                s.queue.clear();
                return 0;
            }
            case Flags.GETALL -> {
                if (!s.permits(t, IpcObject.READ)) return -Errno.EACCES;
                MemorySegment m = MemorySegment.ofArray(new byte[2 * s.values.length]);
                for (int i = 0; i < s.values.length; i++) m.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i, s.values[i]);
                out.item(m.toArray(ValueLayout.JAVA_BYTE));
                return 0;
            }
            case Flags.SETALL -> {
                if (!s.permits(t, IpcObject.WRITE)) return -Errno.EACCES;
                // Asked without the values first, it says how many it takes (the init host reads that many).
                if (in.length == 0) return s.values.length;
                if (in.length != 2 * s.values.length) return -Errno.EINVAL;
                MemorySegment m = MemorySegment.ofArray(in);
                for (int i = 0; i < s.values.length; i++)
                    if (Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i)) > IpcLimits.SEMVMX) return -Errno.ERANGE;
                for (int i = 0; i < s.values.length; i++) {
                    s.values[i] = m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * i);
                    s.pids[i] = pid;
                }
                clearUndo(s, -1);
                s.ctime = IpcIds.now();
                update(s, t.host());
                return 0;
            }
            default -> { }
        }
        boolean reads = cmd == Flags.GETVAL || cmd == Flags.GETPID || cmd == Flags.GETNCNT || cmd == Flags.GETZCNT;
        if (!reads && cmd != Flags.SETVAL) return -Errno.EINVAL;
        // Linux's semctl_main checks permission before the number, semctl_setval after it.
        boolean inRange = num >= 0 && num < s.values.length;
        if (!reads && !inRange) return -Errno.EINVAL;
        if (!s.permits(t, reads ? IpcObject.READ : IpcObject.WRITE)) return -Errno.EACCES;
        if (!inRange) return -Errno.EINVAL;
        switch (cmd) {
            case Flags.GETVAL, Flags.GETPID, Flags.GETNCNT, Flags.GETZCNT -> {
                return switch (cmd) {
                    case Flags.GETVAL -> s.values[num];
                    case Flags.GETPID -> s.pids[num];
                    default -> s.queue.stream().filter(p -> p.blocking().num() == num
                            && (cmd == Flags.GETZCNT ? p.blocking().op() == 0 : p.blocking().op() < 0)).count();
                };
            }
            default -> {
                s.values[num] = (short) value;
                s.pids[num] = pid;
                clearUndo(s, num);
                s.ctime = IpcIds.now();
                update(s, t.host());
                return 0;
            }
        }
    }

    /** SETVAL and SETALL void every process's adjustments of what they set (num -1: all). */
    private void clearUndo(SemSet s, int num) {
        for (Map<SemSet, short[]> m : undo.values()) {
            short[] adj = m.get(s);
            if (adj == null) continue;
            if (num < 0) java.util.Arrays.fill(adj, (short) 0);
            else adj[num] = 0;
        }
    }

    private static byte[] stat(SemSet s) {
        MemorySegment m = MemorySegment.ofArray(new byte[Layouts.SEMID_DS_SIZE]);
        s.writePerm(m);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SEMID_OTIME, s.otime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SEMID_CTIME, s.ctime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.SEMID_NSEMS, s.values.length);
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    /** /proc/sysvipc/sem (Linux's sysvipc_sem_proc_show). */
    synchronized String proc() {
        StringBuilder b = new StringBuilder("       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
        for (SemSet s : ids.all())
            b.append(String.format(java.util.Locale.ROOT, "%10d %10d  %4o %10d %5d %5d %5d %5d %10d %10d%n",
                    s.key, s.id, s.mode, s.values.length, s.uid, s.gid, s.cuid, s.cgid, s.otime, s.ctime));
        return b.toString();
    }

    /** The process ended: its SEM_UNDO adjustments apply, within 0..SEMVMX, and it is the last to have changed those values. */
    synchronized void exited(int pid, HostCalls h) {
        // Its threads' waits end with it: none of them may take what a survivor waits for.
        for (SemSet s : ids.all())
            s.queue.removeIf(p -> {
                if (p.waiter().pid != pid) return false;
                p.waiter().done = true;
                p.waiter().result = -Errno.EINTR;
                p.waiter().wake(h);
                return true;
            });
        Map<SemSet, short[]> mine = undo.remove(pid);
        if (mine == null) return;
        for (Map.Entry<SemSet, short[]> e : mine.entrySet()) {
            SemSet s = e.getKey();
            memory.uncharge(undoCost(s));
            if (s.removed) continue;
            short[] adj = e.getValue();
            boolean changed = false;
            for (int i = 0; i < adj.length; i++) {
                if (adj[i] == 0) continue;
                s.values[i] = (short) Math.clamp(s.values[i] + adj[i], 0, IpcLimits.SEMVMX);
                s.pids[i] = pid;
                changed = true;
            }
            if (changed) {
                s.otime = IpcIds.now();
                update(s, h);
            }
        }
    }

    synchronized void close() {
        for (SemSet s : ids.all()) ids.remove(s);
        undo.clear();
    }
}
