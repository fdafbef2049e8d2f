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
    private final IpcMemory memory = new IpcMemory();
    private final SharedMemory shm = new SharedMemory();
    private final Semaphores sem = new Semaphores(memory);
    private final MessageQueues msg = new MessageQueues(memory);

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

    /** /proc/sysvipc's files: every object of the namespace, as Linux lists them. */
    public static final java.util.List<String> PROC_FILES = java.util.List.of("shm", "sem", "msg");

    public byte[] procFile(String name, HostCalls h) {
        String text = switch (name) {
            case "shm" -> shm.proc(h);
            case "sem" -> sem.proc();
            case "msg" -> msg.proc();
            default -> throw new IllegalArgumentException(name);
        };
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** /proc/sys/kernel's limits of the namespace: Linux's defaults, as a new IPC namespace has them. */
    public static final java.util.Map<String, String> SYSCTLS = java.util.Map.of(
            "shmmax", Long.toUnsignedString(IpcLimits.SHMMAX), "shmall", Long.toUnsignedString(IpcLimits.SHMALL),
            "shmmni", Integer.toString(IpcLimits.SHMMNI), "shm_rmid_forced", "0",
            "sem", IpcLimits.SEMMSL + "\t" + IpcLimits.SEMMNS + "\t" + IpcLimits.SEMOPM + "\t" + IpcLimits.SEMMNI,
            "msgmax", Integer.toString(IpcLimits.MSGMAX), "msgmnb", Integer.toString(IpcLimits.MSGMNB),
            "msgmni", Integer.toString(IpcLimits.MSGMNI));

    /** A fork: the child has its parent's segments attached (but none of its SEM_UNDO adjustments). */
    public void forked(int parent, int child) { shm.forked(parent, child); }

    /** An exec: the old program's segments are detached. */
    public void execed(int pid, HostCalls h) { shm.dropped(pid, h); }

    /** The process has ended: its segments detached, its semaphore adjustments applied. Told when its
     * last channel closes and when it is reaped, whichever comes first: the second finds nothing left. */
    public void exited(int pid, HostCalls h) {
        shm.dropped(pid, h);
        sem.exited(pid, h);
        msg.exited(pid, h);
    }

    /** The container has ended: every segment's memory goes. */
    public void close(HostCalls h) {
        shm.close(h);
        sem.close();
        msg.close();
        memory.release();
    }
}
