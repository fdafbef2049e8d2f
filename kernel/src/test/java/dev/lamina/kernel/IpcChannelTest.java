package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * System V IPC as guest code forging Protocol.OP_IPC messages on its channel
 * would drive it, past sysv_ipc.c's marshalling: what it gets is what
 * shmget, shmat and semop let it have, and a lying count is refused
 * without harm to the kernel, which goes on serving.
 */
class IpcChannelTest extends ContainerTest {
    private final HostCalls h = new HostCalls();

    @AfterEach
    void closeHost() {
        h.close();
    }

    private long ipc(int call, long... rest) {
        long[] a = new long[6];
        a[0] = call;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return c.ret(Protocol.OP_IPC, a);
    }

    private ReceivedReply ipcWith(byte[] item, int call, long... rest) {
        long[] a = new long[6];
        a[0] = call;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return c.call(Protocol.OP_IPC, a, item);
    }

    @Test
    void aReadOnlyAttachHandsOverADescriptorThatCannotWriteNorBeOpenedAgainForWriting() {
        long id = ipc(Protocol.IPC_SHMGET, 0 /* IPC_PRIVATE */, 4096, Flags.IPC_CREAT | 0644);
        assertEquals(0, id);
        ReceivedReply at = c.call(Protocol.OP_IPC, args(Protocol.IPC_SHMAT, id, Flags.SHM_RDONLY));
        assertEquals(4096, at.ret());
        int fd = at.fd();
        try {
            assertEquals(Flags.O_RDONLY, h.syscall(Sysno.FCNTL, fd, Flags.F_GETFL) & Flags.O_ACCMODE);
            assertEquals(-Errno.EBADF, h.syscall(Sysno.WRITE, fd, h.cstring("x").address(), 1));
            int seals = Flags.F_SEAL_SEAL | Flags.F_SEAL_SHRINK | Flags.F_SEAL_GROW;
            assertEquals(seals, h.syscall(Sysno.FCNTL, fd, Flags.F_GET_SEALS) & seals);
            // The guest holds it as the host's user without capabilities: its own /proc/self/fd link, reopened.
            assertEquals(-Errno.EACCES, withoutCapabilities(() -> h.syscall(Sysno.OPENAT, -100,
                    h.cstring("/proc/self/fd/" + fd).address(), Flags.O_RDWR | Flags.O_CLOEXEC)));
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
    }

    @Test
    void anotherUsersSegmentAndSetAreHisWhateverTheMessageSays() {
        long shm = ipc(Protocol.IPC_SHMGET, 0, 4096, Flags.IPC_CREAT | 0644);
        long sem = ipc(Protocol.IPC_SEMGET, 0, 1, Flags.IPC_CREAT | 0600);
        assertEquals(0, c.ret(Sysno.SETUID, args(1000)));

        assertEquals(-Errno.EACCES, ipc(Protocol.IPC_SHMAT, shm, 0));
        assertEquals(-Errno.EPERM, ipc(Protocol.IPC_SHMCTL, shm, Flags.IPC_RMID));
        assertEquals(-Errno.EACCES, ipcWith(new byte[Layouts.SEMBUF_SIZE], Protocol.IPC_SEMTIMEDOP, sem, 1, -1).ret());
        assertEquals(4096, ipc(Protocol.IPC_SHMAT, shm, Flags.SHM_RDONLY));
    }

    @Test
    void aSemopWhoseCountLiesIsRefusedAndTheKernelServesOn() {
        long sem = ipc(Protocol.IPC_SEMGET, 0, 1, Flags.IPC_CREAT | 0600);
        byte[] one = new byte[Layouts.SEMBUF_SIZE];
        // Counts past SEMOPM; the first with the 2 bytes its length is when 6 times it overflows an int.
        assertEquals(-Errno.E2BIG, ipcWith(new byte[2], Protocol.IPC_SEMTIMEDOP, sem, 0x2aaaaaabL, -1).ret());
        for (long nsops : new long[] {Integer.MAX_VALUE, 0x40000000L, 501})
            assertEquals(-Errno.E2BIG, ipcWith(one, Protocol.IPC_SEMTIMEDOP, sem, nsops, -1).ret(), "nsops " + nsops);
        for (long nsops : new long[] {0, -1, Integer.MIN_VALUE, 2})
            assertEquals(-Errno.EINVAL, ipcWith(one, Protocol.IPC_SEMTIMEDOP, sem, nsops, -1).ret(), "nsops " + nsops);
        // A semaphore past the set's length.
        byte[] far = {5, 0, 1, 0, 0, 0};
        assertEquals(-Errno.EFBIG, ipcWith(far, Protocol.IPC_SEMTIMEDOP, sem, 1, -1).ret());

        byte[] up = {0, 0, 1, 0, 0, 0};
        assertEquals(0, ipcWith(up, Protocol.IPC_SEMTIMEDOP, sem, 1, -1).ret());
        assertEquals(1, ipc(Protocol.IPC_SEMCTL, sem, 0, Flags.GETVAL));
    }

    @Test
    void aMessageWhoseLengthLiesIsRefused() {
        long q = ipc(Protocol.IPC_MSGGET, 0, Flags.IPC_CREAT | 0600);
        byte[] message = {1, 0, 0, 0, 0, 0, 0, 0, 'h', 'i'};
        for (long size : new long[] {3, 1, -1, Long.MAX_VALUE, 8193})
            assertEquals(-Errno.EINVAL, ipcWith(message, Protocol.IPC_MSGSND, q, size, 0).ret(), "size " + size);
        assertEquals(0, ipcWith(message, Protocol.IPC_MSGSND, q, 2, 0).ret());
        // A receive asking for far more than is queued gets the message, as long as it is.
        ReceivedReply got = c.call(Protocol.OP_IPC, args(Protocol.IPC_MSGRCV, q, Long.MAX_VALUE, 0, Flags.IPC_NOWAIT));
        assertEquals(2, got.ret());
    }

    @Test
    void anAttachmentOrDetachmentOfNothingIsRefused() {
        long shm = ipc(Protocol.IPC_SHMGET, 0, 4096, Flags.IPC_CREAT | 0600);
        assertEquals(-Errno.EINVAL, ipc(Protocol.IPC_SHM_ATTACHED, shm, 0x7f0000000000L));
        assertEquals(-Errno.EINVAL, ipc(Protocol.IPC_SHMDT, 0x7f0000000000L));
        assertEquals(-Errno.EINVAL, ipc(Protocol.IPC_SHMAT, shm + 1, 0));
        assertEquals(-Errno.ENOSYS, ipc(0));
        assertEquals(-Errno.ENOSYS, ipc(Protocol.IPC_MSGCTL + 1));
    }

    /** Runs call on this thread with no effective capabilities (capabilities are per thread), then restores them. */
    private long withoutCapabilities(java.util.function.LongSupplier call) {
        MemorySegment header = h.scratch(8), saved = h.scratch(24), none = h.scratch(24);
        header.set(ValueLayout.JAVA_INT, 0, 0x20080522); // _LINUX_CAPABILITY_VERSION_3
        if (h.syscall(Sysno.CAPGET, header.address(), saved.address()) != 0) throw new IllegalStateException("capget");
        MemorySegment.copy(saved, 0, none, 0, 24);
        none.set(ValueLayout.JAVA_INT, 0, 0); // effective, both words
        none.set(ValueLayout.JAVA_INT, 12, 0);
        if (h.syscall(Sysno.CAPSET, header.address(), none.address()) != 0) throw new IllegalStateException("capset");
        try {
            return call.getAsLong();
        } finally {
            if (h.syscall(Sysno.CAPSET, header.address(), saved.address()) != 0) throw new IllegalStateException("capset back");
        }
    }
}
