package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.host.HostCalls;

/**
 * A container's System V IPC namespace: its shared memory segments,
 * semaphore sets and message queues, which no other container and no host
 * process can name (Docker's default `--ipc private`). It serves
 * Protocol.OP_IPC, which the init host makes of each System V call
 * (lkl-linux/src/sysv_ipc.c), and hears of the forks, execs and ends of
 * the container's processes.
 */
public final class IpcNamespace {
    private final SharedMemory shm = new SharedMemory();
    private final Semaphores sem = new Semaphores();
    private final MessageQueues msg = new MessageQueues();

    /** One OP_IPC: a0 the call (Protocol.IPC_*), a1.. its arguments; its one item, when it reads bytes. */
    public long call(Task t, Request r, Reply out) {
        byte[] in = r.items().isEmpty() ? new byte[0] : r.bytes(0);
        return switch (r.intArg(0)) {
            case Protocol.IPC_SHMGET -> shm.get(t, r.intArg(1), r.arg(2), r.intArg(3));
            case Protocol.IPC_SHMAT -> shm.attach(t, r.intArg(1), r.intArg(2), out);
            case Protocol.IPC_SHM_ATTACHED -> shm.attached(t, r.intArg(1), r.arg(2));
            case Protocol.IPC_SHMDT -> shm.detach(t, r.arg(1));
            case Protocol.IPC_SHMCTL -> shm.control(t, r.intArg(1), r.intArg(2), in, out);
            case Protocol.IPC_SEMGET -> sem.get(t, r.intArg(1), r.intArg(2), r.intArg(3));
            case Protocol.IPC_SEMTIMEDOP -> sem.operate(t, r.intArg(1), in, r.intArg(2), r.arg(3));
            case Protocol.IPC_SEMCTL -> sem.control(t, r.intArg(1), r.intArg(2), r.intArg(3), r.intArg(4), in, out);
            case Protocol.IPC_MSGGET -> msg.get(t, r.intArg(1), r.intArg(2));
            case Protocol.IPC_MSGSND -> msg.send(t, r.intArg(1), r.arg(2), r.intArg(3), in);
            case Protocol.IPC_MSGRCV -> msg.receive(t, r.intArg(1), r.arg(2), r.arg(3), r.intArg(4), out);
            case Protocol.IPC_MSGCTL -> msg.control(t, r.intArg(1), r.intArg(2), in, out);
            default -> -Errno.ENOSYS;
        };
    }

    /** A fork: the child has its parent's segments attached (but none of its SEM_UNDO adjustments). */
    public void forked(int parent, int child) { shm.forked(parent, child); }

    /** An exec: the old program's segments are detached. */
    public void execed(int pid, HostCalls h) { shm.dropped(pid, h); }

    /** The process has ended: its segments detached, its semaphore adjustments applied. Told when its
     * last channel closes and when it is reaped, whichever comes first: the second finds nothing left. */
    public void exited(int pid, HostCalls h) {
        shm.dropped(pid, h);
        sem.exited(pid, h);
    }

    /** The container has ended: every segment's memory goes. */
    public void close(HostCalls h) {
        shm.close(h);
        sem.close();
        msg.close();
    }
}
