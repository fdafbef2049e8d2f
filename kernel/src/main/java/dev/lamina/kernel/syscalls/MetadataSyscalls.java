package dev.lamina.kernel.syscalls;

import static dev.lamina.kernel.syscalls.PathArgs.resolve;
import static dev.lamina.kernel.syscalls.PathArgs.resolveAt;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.procfs.GeneratedMemfd;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Calls that change a file's metadata or size: chmod, chown, utimensat,
 * utimes, truncate. Each works on a descriptor of the container's own copy
 * of the file (copied up first), so the image never changes. */
final class MetadataSyscalls {
    private MetadataSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.CHMOD, (t, a, out) -> chmod(t, resolve(t, a, "pathname", true), a.intArg("mode")));
        table.on(Syscalls.FCHMODAT, (t, a, out) -> chmod(t, resolveAt(t, a, "dirfd", "pathname", true, false), a.intArg("mode")));
        table.on(Syscalls.FCHMODAT2, (t, a, out) -> chmod(t, resolveAt(t, a, "dirfd", "pathname", "flags"), a.intArg("mode")));
        table.on(Syscalls.FCHMOD, (t, a, out) -> chmod(t, PathArgs.fd(t, a, "fd"), a.intArg("mode")));
        table.on(Syscalls.CHOWN, (t, a, out) -> chown(t, resolve(t, a, "pathname", true), a));
        table.on(Syscalls.LCHOWN, (t, a, out) -> chown(t, resolve(t, a, "pathname", false), a));
        table.on(Syscalls.FCHOWN, (t, a, out) -> chown(t, PathArgs.fd(t, a, "fd"), a));
        table.on(Syscalls.FCHOWNAT, (t, a, out) -> chown(t, resolveAt(t, a, "dirfd", "pathname", "flags"), a));

        table.on(Syscalls.UTIMENSAT, MetadataSyscalls::utimensat);
        table.on(Syscalls.UTIMES, (t, a, out) -> utimens(t, resolve(t, a, "filename", true), timevalsToTimespecs(a.fixed("times"))));
        table.on(Syscalls.TRUNCATE, (t, a, out) -> truncate(t, resolve(t, a, "path", true), a.arg("length")));
    }

    /** chmod through a descriptor of the container's own file, so a racing rename cannot redirect it. */
    private static long chmod(Task t, Resolved res, int requested) {
        // A generated /proc or /sys file's mode is the kernel's, as Linux's proc_setattr keeps it.
        if (res.node() instanceof Node.OpenFile f && GeneratedMemfd.of(f.hostTarget()) != null) return -Errno.EPERM;
        Permissions.mayChangeAsOwner(t, res.node());
        int mode = Permissions.keepsSetGid(t, res.node()) ? requested : requested & ~Flags.S_ISGID;
        HostCalls h = t.host();
        OwnFiles.FdCall change = fd -> h.syscall(Sysno.CHMOD, h.cstring("/proc/self/fd/" + fd).address(), mode & 07777);
        Long unnamed = onUnnamedOwn(t, res, change);
        if (unnamed != null) return unnamed;
        Node node = NodeOps.named(t, res.node());
        if (node instanceof Node.HostFile) return -Errno.EPERM;
        Node.InTree in = NodeOps.writableTree(t, node);
        return OwnFiles.onOwn(t, in, change);
    }

    /** A change through a descriptor whose file has no name left: made on the file itself, if it is the container's own. */
    private static Long onUnnamedOwn(Task t, Resolved res, OwnFiles.FdCall change) {
        return res.node() instanceof Node.OpenFile f ? Reopen.onUnnamedOwn(t, f, change) : null;
    }

    /** Ownership changes (the owner and group arguments): real when Lamina runs as root; otherwise
     * kept in the file's owner attribute, which stat reads back. */
    private static long chown(Task t, Resolved res, Args a) {
        int uid = a.intArg("owner"), gid = a.intArg("group");
        Permissions.mayChown(t, res.node(), uid, gid);
        HostCalls h = t.host();
        Long unnamed = onUnnamedOwn(t, res, t.kernel().hostUid() == 0
                ? fd -> h.syscall(Sysno.FCHOWNAT, fd, h.cstring("").address(), uid, gid, Flags.AT_EMPTY_PATH)
                : fd -> NodeOps.keepOwner(h, fd, uid, gid));
        if (unnamed != null) return unnamed;
        Node node = NodeOps.named(t, res.node());
        byte[] st = NodeOps.stat(t, node);
        if (!(node instanceof Node.InTree in)) return 0;
        NodeOps.requireWritable(t, in);
        if (t.kernel().hostUid() != 0) {
            MemorySegment now = MemorySegment.ofArray(st);
            return NodeOps.keepOwner(t, in, uid == -1 ? now.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID) : uid,
                    gid == -1 ? now.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID) : gid);
        }
        return OwnFiles.onOwn(t, in, fd -> t.host().syscall(Sysno.FCHOWNAT, fd, t.host().cstring("").address(), uid, gid,
                Flags.AT_EMPTY_PATH));
    }

    /** A NULL path names the dirfd itself (futimens). */
    private static long utimensat(Task t, Args a, Reply out) {
        Resolved res = a.string("pathname") == null ? PathArgs.fd(t, a, "dirfd") : resolveAt(t, a, "dirfd", "pathname", "flags");
        byte[] times = a.fixed("times");
        return utimens(t, res, times.length == 0 ? null : times);
    }

    private static long utimens(Task t, Resolved res, byte[] times) {
        // Times of one's choosing: the owner's (or CAP_FOWNER's); the current time: anyone who may write too.
        if (times == null || bothNow(times)) {
            if (!Permissions.capable(t, Capabilities.FOWNER) && !ownedByCaller(t, res.node()))
                Permissions.require(t, res.node(), Permissions.WRITE);
        } else Permissions.mayChangeAsOwner(t, res.node());
        HostCalls h = t.host();
        MemorySegment ts = times == null ? MemorySegment.NULL : h.scratch(Layouts.STAT_SIZE);
        if (times != null) MemorySegment.copy(times, 0, ts, ValueLayout.JAVA_BYTE, 0, times.length);
        MemorySegment empty = h.cstring("");
        OwnFiles.FdCall change = fd -> h.syscall(Sysno.UTIMENSAT, fd, empty.address(), ts.address(), Flags.AT_EMPTY_PATH);
        Long unnamed = onUnnamedOwn(t, res, change);
        if (unnamed != null) return unnamed;
        if (!(NodeOps.named(t, res.node()) instanceof Node.InTree in)) return 0;
        NodeOps.requireWritable(t, in);
        return OwnFiles.onOwn(t, in, change);
    }

    /** struct timeval[2] to struct timespec[2]. */
    private static byte[] timevalsToTimespecs(byte[] tv) {
        if (tv.length == 0) return null;
        MemorySegment in = MemorySegment.ofArray(tv);
        MemorySegment out = MemorySegment.ofArray(new byte[Layouts.TIMESPEC_PAIR_SIZE]);
        for (int i = 0; i < 2; i++) {
            out.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i, in.get(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i));
            out.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i + 8, in.get(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i + 8) * 1000);
        }
        return out.toArray(ValueLayout.JAVA_BYTE);
    }

    /** UTIME_NOW in both: the same as no times. */
    private static boolean bothNow(byte[] times) {
        MemorySegment ts = MemorySegment.ofArray(times);
        return ts.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) == Flags.UTIME_NOW && ts.get(ValueLayout.JAVA_LONG_UNALIGNED, 24) == Flags.UTIME_NOW;
    }

    private static boolean ownedByCaller(Task t, Node node) {
        return MemorySegment.ofArray(NodeOps.stat(t, node)).get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID)
                == t.process().credentials().fsuid();
    }

    private static long truncate(Task t, Resolved res, long length) {
        // Linux's vfs_truncate looks at the type first; a FIFO is never opened (it would wait for a reader).
        int type = NodeOps.mode(NodeOps.stat(t, res.node())) & Flags.S_IFMT;
        if (type == Flags.S_IFDIR) return -Errno.EISDIR;
        if (type != Flags.S_IFREG) return -Errno.EINVAL;
        NodeOps.readOnlyFirst(t, res);
        if (!Permissions.overrides(t)) Permissions.require(t, res.node(), Permissions.WRITE);
        HostCalls h = t.host();
        int fd = NodeOps.open(t, res.node(), Flags.O_WRONLY | Flags.O_NONBLOCK, 0); // swapped for a FIFO since: no wait
        try {
            return LinuxError.check(h.syscall(Sysno.FTRUNCATE, fd, length));
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
    }
}
