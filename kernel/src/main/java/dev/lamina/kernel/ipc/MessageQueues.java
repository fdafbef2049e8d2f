package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * System V message queues. A msgrcv with nothing to take waits in its
 * queue's receivers, and a message sent then goes straight to the first
 * whose type matches (Linux's pipelined_send); a msgsnd finding the queue
 * full waits in its senders, woken to try again as room is made.
 */
final class MessageQueues {
    private final IpcIds<Queue> ids = new IpcIds<>(IpcLimits.MSGMNI);
    private final IpcMemory memory;
    private long messages, bytes;

    MessageQueues(IpcMemory memory) { this.memory = memory; }

    private static long cost(Message m) { return IpcMemory.OVERHEAD + m.text().length; }

    private record Message(long type, byte[] text) {}

    private static final class Receiver {
        final Waiter waiter;
        final long type;
        final int flags;
        final long size;
        Message got;

        Receiver(Waiter waiter, long type, int flags, long size) {
            this.waiter = waiter;
            this.type = type;
            this.flags = flags;
            this.size = size;
        }
    }

    private static final class Queue extends IpcObject {
        final List<Message> messages = new ArrayList<>();
        final List<Receiver> receivers = new ArrayList<>();
        final List<Waiter> senders = new ArrayList<>();
        long cbytes, qbytes = IpcLimits.MSGMNB, stime, rtime;
        int lspid, lrpid;

        Queue(Task t, int key, int flags) { super(t, key, flags); }

        void wakeSenders(HostCalls h) {
            for (Waiter w : senders) w.wake(h);
            senders.clear();
        }
    }

    synchronized long get(Task t, int key, int flags) {
        return ids.get(t, key, flags, q -> 0, () -> {
            if (!memory.charge(IpcMemory.OVERHEAD)) throw new IpcIds.Refusal(Errno.ENOSPC);
            return new Queue(t, key, flags);
        });
    }

    /** msgsnd: item is the message's type (a long) and its text. */
    long send(Task t, int id, long size, int flags, byte[] item) {
        if (size < 0 || size > IpcLimits.MSGMAX || item.length != 8 + size) return -Errno.EINVAL;
        MemorySegment m = MemorySegment.ofArray(item);
        Message msg = new Message(m.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), Arrays.copyOfRange(item, 8, item.length));
        if (msg.type() < 1) return -Errno.EINVAL;
        Waiter w = null;
        try {
            while (true) {
                synchronized (this) {
                    Queue q = ids.byId(id);
                    if (q == null) return w != null ? -Errno.EIDRM : -Errno.EINVAL;
                    if (!q.permits(t, IpcObject.WRITE)) return -Errno.EACCES;
                    if (size + q.cbytes <= q.qbytes && 1 + q.messages.size() <= q.qbytes) {
                        if (!memory.charge(cost(msg))) return -Errno.ENOMEM;
                        deliver(t, q, msg);
                        return 0;
                    }
                    if ((flags & Flags.IPC_NOWAIT) != 0) return -Errno.EAGAIN;
                    if (w == null) w = new Waiter(t);
                    q.senders.add(w);
                }
                Waiter.Outcome o = w.await(Long.MAX_VALUE);
                if (o != Waiter.Outcome.WOKEN) {
                    synchronized (this) {
                        Queue q = ids.byId(id);
                        if (q != null) q.senders.remove(w);
                    }
                    return -Errno.EINTR;
                }
            }
        } finally {
            if (w != null) w.close();
        }
    }

    private void deliver(Task t, Queue q, Message msg) {
        q.lspid = t.process().pid();
        q.stime = IpcIds.now();
        for (var it = q.receivers.iterator(); it.hasNext(); ) {
            Receiver r = it.next();
            if (!matches(msg, r.type, r.flags)) continue;
            it.remove();
            r.waiter.done = true;
            if (r.size < msg.text().length && (r.flags & Flags.MSG_NOERROR) == 0) {
                r.waiter.result = -Errno.E2BIG;
                r.waiter.wake(t.host());
                continue;
            }
            r.got = msg;
            memory.uncharge(cost(msg));
            q.lrpid = r.waiter.pid;
            q.rtime = IpcIds.now();
            r.waiter.wake(t.host());
            return;
        }
        q.messages.add(msg);
        q.cbytes += msg.text().length;
        messages++;
        bytes += msg.text().length;
    }

    /** Whether msg answers a msgrcv of type (0: any; more: that one, or any other with MSG_EXCEPT;
     * less: the lowest type up to its absolute value, which {@link #find} picks among them). */
    private static boolean matches(Message msg, long type, int flags) {
        if (type == 0) return true;
        if (type < 0) return msg.type() <= (type == Long.MIN_VALUE ? Long.MAX_VALUE : -type);
        return (flags & Flags.MSG_EXCEPT) != 0 ? msg.type() != type : msg.type() == type;
    }

    private static int find(Queue q, long type, int flags) {
        if ((flags & Flags.MSG_COPY) != 0) return type >= 0 && type < q.messages.size() ? (int) type : -1;
        int best = -1;
        for (int i = 0; i < q.messages.size(); i++) {
            Message m = q.messages.get(i);
            if (!matches(m, type, flags)) continue;
            if (type >= 0) return i;
            if (best < 0 || m.type() < q.messages.get(best).type()) best = i;
        }
        return best;
    }

    /** msgrcv: the reply's item is the type and at most size bytes of text; returns the text's length. */
    long receive(Task t, int id, long size, long type, int flags, Reply out) {
        if (size < 0) return -Errno.EINVAL;
        if ((flags & Flags.MSG_COPY) != 0 && ((flags & Flags.IPC_NOWAIT) == 0 || (flags & Flags.MSG_EXCEPT) != 0)) return -Errno.EINVAL;
        Receiver r;
        synchronized (this) {
            Queue q = ids.byId(id);
            if (q == null) return -Errno.EINVAL;
            if (!q.permits(t, IpcObject.READ)) return -Errno.EACCES;
            int i = find(q, type, flags);
            if (i >= 0) {
                Message m = q.messages.get(i);
                if (size < m.text().length && (flags & Flags.MSG_NOERROR) == 0) return -Errno.E2BIG;
                if ((flags & Flags.MSG_COPY) == 0) {
                    q.messages.remove(i);
                    memory.uncharge(cost(m));
                    q.cbytes -= m.text().length;
                    messages--;
                    bytes -= m.text().length;
                    q.lrpid = t.process().pid();
                    q.rtime = IpcIds.now();
                    q.wakeSenders(t.host());
                }
                return reply(m, size, out);
            }
            if ((flags & Flags.IPC_NOWAIT) != 0) return -Errno.ENOMSG;
            r = new Receiver(new Waiter(t), type, flags, size);
            q.receivers.add(r);
        }
        try {
            while (true) {
                Waiter.Outcome o = r.waiter.await(Long.MAX_VALUE);
                synchronized (this) {
                    if (r.waiter.done) return r.got != null ? reply(r.got, size, out) : r.waiter.result;
                    if (o == Waiter.Outcome.WOKEN) continue;
                    Queue q = ids.byId(id);
                    if (q != null) q.receivers.remove(r);
                    return -Errno.EINTR;
                }
            }
        } finally {
            r.waiter.close();
        }
    }

    private static long reply(Message m, long size, Reply out) {
        int n = (int) Math.min(size, m.text().length);
        byte[] item = new byte[8 + n];
        MemorySegment.ofArray(item).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, m.type());
        System.arraycopy(m.text(), 0, item, 8, n);
        out.item(item);
        return n;
    }

    synchronized long control(Task t, int id, int cmd, byte[] in, Reply out) {
        switch (cmd) {
            case Flags.IPC_INFO, Flags.MSG_INFO -> {
                boolean usage = cmd == Flags.MSG_INFO;
                MemorySegment m = MemorySegment.ofArray(new byte[Layouts.MSGINFO_SIZE]);
                int[] info = {usage ? ids.count() : IpcLimits.MSGPOOL, usage ? (int) messages : IpcLimits.MSGMNB,
                        IpcLimits.MSGMAX, IpcLimits.MSGMNB, IpcLimits.MSGMNI, IpcLimits.MSGSSZ,
                        usage ? (int) bytes : IpcLimits.MSGMNB};
                for (int i = 0; i < info.length; i++) m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, info[i]);
                m.set(ValueLayout.JAVA_SHORT_UNALIGNED, 28, (short) IpcLimits.MSGSEG);
                out.item(m.toArray(ValueLayout.JAVA_BYTE));
                return ids.maxIndex();
            }
            case Flags.IPC_STAT, Flags.MSG_STAT, Flags.MSG_STAT_ANY -> {
                return ids.stat(t, id, cmd != Flags.IPC_STAT, cmd == Flags.MSG_STAT_ANY, MessageQueues::stat, out);
            }
            default -> { }
        }
        Queue q = ids.byId(id);
        if (q == null) return -Errno.EINVAL;
        switch (cmd) {
            case Flags.IPC_SET -> {
                if (in.length != Layouts.MSQID_DS_SIZE) return -Errno.EFAULT;
                if (!q.changeableBy(t)) return -Errno.EPERM;
                MemorySegment m = MemorySegment.ofArray(in);
                long qbytes = m.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_QBYTES);
                if (Long.compareUnsigned(qbytes, IpcLimits.MSGMNB) > 0
                        && !t.process().credentials().capable(Capabilities.SYS_RESOURCE)) return -Errno.EPERM;
                long r = q.setPerm(m);
                if (r < 0) return r;
                q.qbytes = qbytes;
                q.wakeSenders(t.host());
                return 0;
            }
            case Flags.IPC_RMID -> {
                if (!q.changeableBy(t)) return -Errno.EPERM;
                ids.remove(q);
                messages -= q.messages.size();
                bytes -= q.cbytes;
                for (Message m : q.messages) memory.uncharge(cost(m));
                memory.uncharge(IpcMemory.OVERHEAD);
                for (Receiver r : q.receivers) {
                    r.waiter.done = true;
                    r.waiter.result = -Errno.EIDRM;
                    r.waiter.wake(t.host());
                }
                q.receivers.clear();
                q.wakeSenders(t.host());
                return 0;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    private static byte[] stat(Queue q) {
        MemorySegment m = MemorySegment.ofArray(new byte[Layouts.MSQID_DS_SIZE]);
        q.writePerm(m);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_STIME, q.stime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_RTIME, q.rtime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_CTIME, q.ctime);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_CBYTES, q.cbytes);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_QNUM, q.messages.size());
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.MSQID_QBYTES, q.qbytes);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.MSQID_LSPID, q.lspid);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.MSQID_LRPID, q.lrpid);
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    /** /proc/sysvipc/msg (Linux's sysvipc_msg_proc_show). */
    synchronized String proc() {
        StringBuilder b = new StringBuilder("       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid"
                + "      stime      rtime      ctime\n");
        for (Queue q : ids.all())
            b.append(String.format(java.util.Locale.ROOT, "%10d %10d  %4o  %10d %10d %5d %5d %5d %5d %5d %5d %10d %10d %10d%n",
                    q.key, q.id, q.mode, q.cbytes, q.messages.size(), q.lspid, q.lrpid, q.uid, q.gid, q.cuid, q.cgid,
                    q.stime, q.rtime, q.ctime));
        return b.toString();
    }

    /** The process has ended: its threads' waits end with it, so that no message goes to a receiver that is gone. */
    synchronized void exited(int pid, HostCalls h) {
        for (Queue q : ids.all()) {
            q.receivers.removeIf(r -> {
                if (r.waiter.pid != pid) return false;
                r.waiter.done = true;
                r.waiter.result = -Errno.EINTR;
                r.waiter.wake(h);
                return true;
            });
            q.senders.removeIf(w -> {
                if (w.pid != pid) return false;
                w.wake(h);
                return true;
            });
        }
    }

    synchronized void close() {
        for (Queue q : ids.all()) ids.remove(q);
    }
}
