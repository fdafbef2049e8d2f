package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A guest call blocked in the kernel (semop, msgsnd, msgrcv). Its channel's
 * kernel thread sleeps in the host on an eventfd, which whoever changes the
 * object writes, and on the guest's channel, where a LAMINA_OP_INTERRUPT
 * arrives when a signal the guest handles comes meanwhile (or nothing
 * more, as the guest's process ends). A waiter sits in its object's queue
 * only while its eventfd is open: it is woken under the object's lock, and
 * leaves the queue under it before it closes the eventfd.
 */
final class Waiter {
    enum Outcome { WOKEN, INTERRUPTED, TIMED_OUT }

    private final Task task;
    private final int eventfd;
    final int pid;
    /** Set by a waker that finished the call for it (semop's operations done, a message handed over). */
    boolean done;
    long result;

    Waiter(Task t) {
        task = t;
        pid = t.process().pid();
        eventfd = (int) dev.lamina.kernel.LinuxError.check(t.host().syscall(Sysno.EVENTFD2, 0, Flags.EFD_CLOEXEC));
    }

    /** Called under the lock of the queue this waiter is in. */
    void wake(HostCalls h) {
        MemorySegment one = h.scratch(8);
        one.set(ValueLayout.JAVA_LONG, 0, 1);
        h.syscall(Sysno.WRITE, eventfd, one.address(), 8);
    }

    /** Called with the waiter out of every queue. */
    void close() { task.host().syscall(Sysno.CLOSE, eventfd); }

    /**
     * Sleeps until woken, interrupted, or {@code deadline} (System.nanoTime(); Long.MAX_VALUE: none).
     * Called without the lock; the caller then checks, under it, what happened.
     */
    Outcome await(long deadline) {
        if (task.channel() != null && task.channel().pending()) return Outcome.INTERRUPTED;
        HostCalls h = task.host();
        MemorySegment fds = h.scratch(16);
        fds.set(ValueLayout.JAVA_INT, 0, eventfd);
        fds.set(ValueLayout.JAVA_SHORT, 4, Flags.POLLIN);
        int n = 1;
        if (task.channel() != null) {
            fds.set(ValueLayout.JAVA_INT, 8, task.channel().fd());
            fds.set(ValueLayout.JAVA_SHORT, 12, Flags.POLLIN);
            n = 2;
        }
        while (true) {
            long left = deadline == Long.MAX_VALUE ? -1 : Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            long r = h.syscall(Sysno.POLL, fds.address(), n, Math.min(left, Integer.MAX_VALUE));
            if (r < 0) continue; // EINTR
            if (n == 2 && fds.get(ValueLayout.JAVA_SHORT, 14) != 0) return Outcome.INTERRUPTED;
            if (fds.get(ValueLayout.JAVA_SHORT, 6) != 0) {
                h.syscall(Sysno.READ, eventfd, h.scratch(8).address(), 8);
                return Outcome.WOKEN;
            }
            if (r == 0) return Outcome.TIMED_OUT;
        }
    }
}
