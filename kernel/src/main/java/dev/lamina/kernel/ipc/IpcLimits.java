package dev.lamina.kernel.ipc;

/** Linux's defaults for an IPC namespace (ipc/util.h, uapi shm.h, sem.h,
 * msg.h), which a container's namespace keeps: /proc/sys/kernel's shm*,
 * sem and msg* cannot be tuned in it yet. */
final class IpcLimits {
    private IpcLimits() {}

    /** Ids are an index and a sequence number (ipc/util.h's IPCMNI). */
    static final int IPCMNI = 32768;

    static final long SHMMAX = -1L - (1L << 24); // ULONG_MAX - 2^24, as an unsigned long
    static final long SHMALL = SHMMAX; // in pages
    static final int SHMMIN = 1;
    static final int SHMMNI = 4096;
    static final long PAGE = 4096;

    static final int SEMMSL = 32000;
    static final int SEMMNI = 32000;
    static final int SEMMNS = SEMMNI * SEMMSL;
    static final int SEMOPM = 500;
    static final int SEMVMX = 32767;
    static final int SEMAEM = SEMVMX;
    static final int SEMUSZ = 20;

    static final int MSGMAX = 8192;
    static final int MSGMNB = 16384;
    static final int MSGMNI = 32000;
    static final int MSGPOOL = MSGMNI * MSGMNB / 1024;
    static final int MSGSSZ = 16;
    static final int MSGSEG = 0xffff;
}
