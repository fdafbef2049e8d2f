package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.BlockedCalls;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.SharedFiles;
import dev.lamina.kernel.vfs.Node;
import java.lang.foreign.MemorySegment;

/**
 * Changes to a file in a writable tree act on a descriptor that was checked to
 * be the container's own file, never on a name looked up again after the
 * check: a guest racing renames between the two would otherwise get an
 * image file (shared through hard links) changed in place. Each change copies
 * up, opens, checks the opened object and, if a race put a shared file under
 * the name meanwhile, starts again.
 */
final class OwnFiles {
    /** Attempts before a guest that keeps swapping names is refused. */
    private static final int ATTEMPTS = 16;

    private OwnFiles() {}

    /** A call on a descriptor known to be the container's own file. */
    interface FdCall {
        long call(int fd);
    }

    /** Opens in for writing (the caller checked the tree is writable). */
    static int openForWriting(Task t, Node.InTree in, int flags, int mode) {
        HostCalls h = t.host();
        boolean truncate = (flags & Flags.O_TRUNC) != 0;
        // O_TRUNC waits until the opened file is known to be ours.
        int open = (flags & ~Flags.O_TRUNC) | Flags.O_CLOEXEC;
        // A file the open makes is empty and ours: as Linux (FMODE_CREATED) it is not truncated, so no inotify
        // MODIFY tells of it. Whether it makes one is known by asking for a new one first.
        boolean mayMake = truncate && (flags & Flags.O_CREAT) != 0 && (flags & Flags.O_EXCL) == 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            NodeOps.ownCopy(t, in);
            h.guestUmask(t.fs().umask());
            if (mayMake) {
                long made = in.tree().open(h, in.rel(), open | Flags.O_EXCL, mode);
                if (made >= 0) return (int) made;
                if (made != -Errno.EEXIST) throw new LinuxError((int) -made);
            }
            // A FIFO (there, or swapped in since resolution) waits for its other end, until the guest's signal.
            int fd = mayWait(flags) ? BlockedCalls.run(h, t.channel(), () -> (int) LinuxError.check(in.tree().open(h, in.rel(), open, mode)))
                    : (int) LinuxError.check(in.tree().open(h, in.rel(), open, mode));
            if (!sharedWithImage(t, in, fd)) {
                if (truncate) truncate(h, fd, flags);
                return fd;
            }
            h.syscall(Sysno.CLOSE, fd);
        }
        throw new LinuxError(Errno.EAGAIN);
    }

    /** Whether an open with these flags waits if it finds a FIFO: read-only or write-only, without O_NONBLOCK. */
    static boolean mayWait(int flags) {
        return (flags & (Flags.O_NONBLOCK | Flags.O_PATH)) == 0 && (flags & Flags.O_ACCMODE) != Flags.O_RDWR;
    }

    /** Runs call on an O_PATH descriptor of in (not following a final symlink), once it is the container's own. */
    static long onOwn(Task t, Node.InTree in, FdCall call) {
        HostCalls h = t.host();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            NodeOps.ownCopy(t, in);
            int fd = (int) LinuxError.check(in.tree().open(h, in.rel(), Flags.O_PATH | Flags.O_NOFOLLOW | Flags.O_CLOEXEC, 0));
            try {
                if (!sharedWithImage(t, in, fd)) return LinuxError.check(call.call(fd));
            } finally {
                h.syscall(Sysno.CLOSE, fd);
            }
        }
        throw new LinuxError(Errno.EAGAIN);
    }

    /** Whether an opened file of the container's root is still shared with the image. */
    private static boolean sharedWithImage(Task t, Node.InTree in, int fd) {
        if (in.tree() != t.kernel().root()) return false; // volumes and the kernel's state share nothing
        HostCalls h = t.host();
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        long r = h.syscall(Sysno.FSTAT, fd, st.address());
        return r < 0 || SharedFiles.shared(st, t.kernel().storeFiles());
    }

    /** O_TRUNC on a file now known to be ours; also for O_RDONLY|O_TRUNC, which Linux honours. */
    private static void truncate(HostCalls h, int fd, int flags) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        LinuxError.check(h.syscall(Sysno.FSTAT, fd, st.address()));
        if ((NodeOps.mode(st) & Flags.S_IFMT) != Flags.S_IFREG) return;
        long w = fd;
        if ((flags & Flags.O_ACCMODE) == Flags.O_RDONLY)
            w = LinuxError.check(h.syscall(Sysno.OPEN, h.cstring("/proc/self/fd/" + fd).address(),
                    Flags.O_WRONLY | Flags.O_CLOEXEC, 0));
        try {
            long r = h.syscall(Sysno.FTRUNCATE, w, 0);
            if (r < 0) {
                h.syscall(Sysno.CLOSE, fd);
                throw new LinuxError((int) -r);
            }
        } finally {
            if (w != fd) h.syscall(Sysno.CLOSE, w);
        }
    }
}
