package dev.lamina.kernel.syscalls;

import static dev.lamina.kernel.syscalls.PathArgs.resolve;
import static dev.lamina.kernel.syscalls.PathArgs.resolveAt;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** Calls that name files: open, stat, access, readlink, and the calls that
 * create, remove, rename or change files. Items follow the init host's
 * route table (lkl-linux/src/route_table.c). */
final class FileSyscalls {
    private FileSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Sysno.OPEN, (t, r, out) -> open(t, resolve(t, r, 0, follows(r.intArg(1))), r.intArg(1), r.intArg(2), out));
        table.on(Sysno.CREAT, (t, r, out) -> open(t, resolve(t, r, 0, false),
                Flags.O_CREAT | Flags.O_WRONLY | Flags.O_TRUNC, r.intArg(1), out));
        table.on(Sysno.OPENAT, (t, r, out) -> open(t, resolveAt(t, r, 0, 0, follows(r.intArg(2)), false),
                r.intArg(2), r.intArg(3), out));

        table.on(Sysno.STAT, (t, r, out) -> stat(t, resolve(t, r, 0, true), out));
        table.on(Sysno.LSTAT, (t, r, out) -> stat(t, resolve(t, r, 0, false), out));
        table.on(Sysno.NEWFSTATAT, (t, r, out) -> {
            int flags = r.intArg(3);
            return stat(t, resolveAt(t, r, 0, 0, (flags & Flags.AT_SYMLINK_NOFOLLOW) == 0,
                    (flags & Flags.AT_EMPTY_PATH) != 0), out);
        });

        table.on(Sysno.ACCESS, (t, r, out) -> access(t, resolve(t, r, 0, true), r.intArg(1)));
        table.on(Sysno.FACCESSAT, (t, r, out) -> access(t, resolveAt(t, r, 0, 0, true, false), r.intArg(2)));
        table.on(Sysno.FACCESSAT2, (t, r, out) -> access(t, resolveAt(t, r, 0, 0,
                (r.intArg(3) & Flags.AT_SYMLINK_NOFOLLOW) == 0, (r.intArg(3) & Flags.AT_EMPTY_PATH) != 0), r.intArg(2)));

        table.on(Sysno.READLINK, (t, r, out) -> readlink(t, resolve(t, r, 0, false), r.arg(2), out));
        table.on(Sysno.READLINKAT, (t, r, out) -> readlink(t, resolveAt(t, r, 0, 0, false, true), r.arg(3), out));

        table.on(Sysno.MKDIR, (t, r, out) -> mkdir(t, resolve(t, r, 0, false), r.intArg(1)));
        table.on(Sysno.MKDIRAT, (t, r, out) -> mkdir(t, resolveAt(t, r, 0, 0, false, false), r.intArg(2)));
        table.on(Sysno.MKNOD, (t, r, out) -> mknod(t, resolve(t, r, 0, false), r.intArg(1), r.arg(2)));
        table.on(Sysno.MKNODAT, (t, r, out) -> mknod(t, resolveAt(t, r, 0, 0, false, false), r.intArg(2), r.arg(3)));

        table.on(Sysno.UNLINK, (t, r, out) -> unlink(t, resolve(t, r, 0, false), 0));
        table.on(Sysno.RMDIR, (t, r, out) -> unlink(t, resolve(t, r, 0, false), Flags.AT_REMOVEDIR));
        table.on(Sysno.UNLINKAT, (t, r, out) -> unlink(t, resolveAt(t, r, 0, 0, false, false), r.intArg(2)));

        table.on(Sysno.RENAME, (t, r, out) -> rename(t, resolve(t, r, 0, false), resolve(t, r, 1, false), 0));
        table.on(Sysno.RENAMEAT, (t, r, out) -> rename(t, resolveAt(t, r, PathArgs.TWO_DIRS, 0, false, false),
                resolveAt(t, r, PathArgs.TWO_DIRS, 1, false, false), 0));
        table.on(Sysno.RENAMEAT2, (t, r, out) -> rename(t, resolveAt(t, r, PathArgs.TWO_DIRS, 0, false, false),
                resolveAt(t, r, PathArgs.TWO_DIRS, 1, false, false), r.intArg(4)));

        table.on(Sysno.LINK, (t, r, out) -> link(t, resolve(t, r, 0, false), resolve(t, r, 1, false)));
        table.on(Sysno.LINKAT, (t, r, out) -> link(t,
                resolveAt(t, r, PathArgs.TWO_DIRS, 0, (r.intArg(4) & Flags.AT_SYMLINK_FOLLOW) != 0, (r.intArg(4) & Flags.AT_EMPTY_PATH) != 0),
                resolveAt(t, r, PathArgs.TWO_DIRS, 1, false, false)));
        table.on(Sysno.SYMLINK, (t, r, out) -> symlink(t, r.string(0), resolve(t, r, 1, false)));
        table.on(Sysno.SYMLINKAT, (t, r, out) -> symlink(t, r.string(0), resolveAt(t, r, 1, 1, false, false)));

        table.on(Sysno.CHMOD, (t, r, out) -> chmod(t, resolve(t, r, 0, true), r.intArg(1)));
        table.on(Sysno.FCHMODAT, (t, r, out) -> chmod(t, resolveAt(t, r, 0, 0, true, false), r.intArg(2)));
        table.on(Sysno.FCHMODAT2, (t, r, out) -> chmod(t, resolveAt(t, r, 0, 0,
                (r.intArg(3) & Flags.AT_SYMLINK_NOFOLLOW) == 0, (r.intArg(3) & Flags.AT_EMPTY_PATH) != 0), r.intArg(2)));
        table.on(Sysno.FCHMOD, (t, r, out) -> chmod(t, PathArgs.fd(t, r, 0), r.intArg(1)));
        table.on(Sysno.CHOWN, (t, r, out) -> chown(t, resolve(t, r, 0, true), r.intArg(1), r.intArg(2)));
        table.on(Sysno.LCHOWN, (t, r, out) -> chown(t, resolve(t, r, 0, false), r.intArg(1), r.intArg(2)));
        table.on(Sysno.FCHOWN, (t, r, out) -> chown(t, PathArgs.fd(t, r, 0), r.intArg(1), r.intArg(2)));
        table.on(Sysno.FCHOWNAT, (t, r, out) -> chown(t, resolveAt(t, r, 0, 0,
                (r.intArg(4) & Flags.AT_SYMLINK_NOFOLLOW) == 0, (r.intArg(4) & Flags.AT_EMPTY_PATH) != 0),
                r.intArg(2), r.intArg(3)));

        table.on(Sysno.UTIMENSAT, FileSyscalls::utimensat);
        table.on(Sysno.UTIMES, (t, r, out) -> utimens(t, resolve(t, r, 0, true), timevalsToTimespecs(r.fixed(1, Layouts.TIMESPEC_PAIR_SIZE))));
        table.on(Sysno.TRUNCATE, (t, r, out) -> truncate(t, resolve(t, r, 0, true), r.arg(1)));
        table.on(Sysno.STATFS, (t, r, out) -> statfs(t, resolve(t, r, 0, true), out));

        for (int nr : new int[] {Sysno.SETXATTR, Sysno.LSETXATTR, Sysno.GETXATTR, Sysno.LGETXATTR,
                                 Sysno.LISTXATTR, Sysno.LLISTXATTR, Sysno.REMOVEXATTR, Sysno.LREMOVEXATTR})
            table.on(nr, (t, r, out) -> -Errno.EOPNOTSUPP);
    }

    /** open follows a final symlink unless O_NOFOLLOW, or O_CREAT|O_EXCL. */
    private static boolean follows(int flags) {
        if ((flags & Flags.O_NOFOLLOW) != 0) return false;
        return (flags & (Flags.O_CREAT | Flags.O_EXCL)) != (Flags.O_CREAT | Flags.O_EXCL);
    }

    private static long open(Task t, Resolved res, int flags, int mode, Reply out) {
        int fd = NodeOps.open(t, res.node(), flags, mode);
        out.fd(fd, (flags & Flags.O_CLOEXEC) != 0);
        return 0;
    }

    private static long stat(Task t, Resolved res, Reply out) {
        out.item(NodeOps.stat(t, res.node()));
        return 0;
    }

    private static long access(Task t, Resolved res, int mode) {
        int fileMode = NodeOps.mode(NodeOps.stat(t, res.node()));
        if ((mode & Flags.X_OK) != 0 && (fileMode & Flags.S_IFMT) != Flags.S_IFDIR && (fileMode & 0111) == 0)
            return -Errno.EACCES;
        if (!t.process().credentials().privileged()) {
            // Other users get the mode bits of "other": the image's owners are not kept yet.
            if ((mode & Flags.R_OK) != 0 && (fileMode & 0004) == 0) return -Errno.EACCES;
            if ((mode & Flags.W_OK) != 0 && (fileMode & 0002) == 0) return -Errno.EACCES;
            if ((mode & Flags.X_OK) != 0 && (fileMode & 0001) == 0) return -Errno.EACCES;
        }
        return 0;
    }

    private static long readlink(Task t, Resolved res, long bufsiz, Reply out) {
        if (bufsiz <= 0) return -Errno.EINVAL;
        byte[] target = NodeOps.readlink(t, res.node());
        int n = (int) Math.min(target.length, bufsiz);
        out.item(Arrays.copyOf(target, n));
        return n;
    }

    private static long mkdir(Task t, Resolved res, int mode) {
        Node.InTree in = existingOrTree(t, res);
        t.host().syscall(Sysno.UMASK, t.process().umask());
        return NodeOps.at(t, in, (d, n) -> t.host().syscall(Sysno.MKDIRAT, d, n.address(), mode));
    }

    private static long mknod(Task t, Resolved res, int mode, long dev) {
        int type = mode & Flags.S_IFMT;
        if (type == Flags.S_IFCHR || type == Flags.S_IFBLK) return -Errno.EPERM;
        Node.InTree in = existingOrTree(t, res);
        t.host().syscall(Sysno.UMASK, t.process().umask());
        return NodeOps.at(t, in, (d, n) -> t.host().syscall(Sysno.MKNODAT, d, n.address(), mode, dev));
    }

    /** Creating over a mounted node: it exists already. */
    private static Node.InTree existingOrTree(Task t, Resolved res) {
        if (!(res.node() instanceof Node.InTree)) throw new LinuxError(Errno.EEXIST);
        return NodeOps.writableTree(t, res.node());
    }

    private static long unlink(Task t, Resolved res, int flags) {
        if (res.path().equals("/")) return -Errno.EBUSY;
        Node.InTree in = NodeOps.writableTree(t, res.node());
        if ((flags & Flags.AT_REMOVEDIR) == 0)
            return NodeOps.at(t, in, (d, n) -> t.host().syscall(Sysno.UNLINKAT, d, n.address(), flags));
        // Before and after: no thread may cache the old directory in between.
        in.tree().namesChanging();
        try {
            return NodeOps.at(t, in, (d, n) -> t.host().syscall(Sysno.UNLINKAT, d, n.address(), flags));
        } finally {
            in.tree().namesChanging();
        }
    }

    private static long rename(Task t, Resolved from, Resolved to, int flags) {
        Node.InTree a = NodeOps.writableTree(t, from.node());
        Node.InTree b = NodeOps.writableTree(t, to.node());
        if (a.tree() != b.tree()) return -Errno.EXDEV;
        a.tree().namesChanging();
        try {
            return LinuxError.check(a.tree().at2(t.host(), a.rel(), b.tree(), b.rel(),
                    (d1, n1, d2, n2) -> t.host().syscall(Sysno.RENAMEAT2, d1, n1.address(), d2, n2.address(), flags, 0)));
        } finally {
            a.tree().namesChanging();
        }
    }

    private static long link(Task t, Resolved from, Resolved to) {
        Node.InTree a = NodeOps.writableTree(t, from.node());
        Node.InTree b = NodeOps.writableTree(t, to.node());
        if (a.tree() != b.tree()) return -Errno.EXDEV;
        return LinuxError.check(a.tree().at2(t.host(), a.rel(), b.tree(), b.rel(),
                (d1, n1, d2, n2) -> t.host().syscall(Sysno.LINKAT, d1, n1.address(), d2, n2.address(), 0, 0)));
    }

    private static long symlink(Task t, String target, Resolved at) {
        if (target == null) return -Errno.EFAULT;
        Node.InTree in = existingOrTree(t, at);
        HostCalls h = t.host();
        MemorySegment tgt = h.cstring(target);
        return NodeOps.at(t, in, (d, n) -> h.syscall(Sysno.SYMLINKAT, tgt.address(), d, n.address()));
    }

    /** chmod through a descriptor of the container's own file, so a racing rename cannot redirect it. */
    private static long chmod(Task t, Resolved res, int mode) {
        HostCalls h = t.host();
        Node node = NodeOps.named(t, res.node());
        if (node instanceof Node.HostFile) return -Errno.EPERM;
        Node.InTree in = NodeOps.writableTree(t, node);
        return OwnFiles.onOwn(t, in, fd -> h.syscall(Sysno.CHMOD, h.cstring("/proc/self/fd/" + fd).address(), mode & 07777));
    }

    /** Ownership changes: real when Lamina runs as root; otherwise kept in the
     * file's owner attribute, which stat reads back. */
    private static long chown(Task t, Resolved res, int uid, int gid) {
        if (!t.process().credentials().privileged()) return -Errno.EPERM;
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

    private static long utimensat(Task t, Request r, Reply out) {
        int flags = r.intArg(3);
        String path = r.string(0);
        Resolved res = path == null ? PathArgs.fd(t, r, 0)
                : resolveAt(t, r, 0, 0, (flags & Flags.AT_SYMLINK_NOFOLLOW) == 0, (flags & Flags.AT_EMPTY_PATH) != 0);
        byte[] times = r.fixed(1, Layouts.TIMESPEC_PAIR_SIZE);
        return utimens(t, res, times.length == 0 ? null : times);
    }

    private static long utimens(Task t, Resolved res, byte[] times) {
        HostCalls h = t.host();
        if (!(NodeOps.named(t, res.node()) instanceof Node.InTree in)) return 0;
        NodeOps.requireWritable(t, in);
        MemorySegment ts = times == null ? MemorySegment.NULL : h.scratch(Layouts.STAT_SIZE);
        if (times != null) MemorySegment.copy(times, 0, ts, ValueLayout.JAVA_BYTE, 0, times.length);
        MemorySegment empty = h.cstring("");
        return OwnFiles.onOwn(t, in, fd -> h.syscall(Sysno.UTIMENSAT, fd, empty.address(), ts.address(), Flags.AT_EMPTY_PATH));
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

    private static long truncate(Task t, Resolved res, long length) {
        HostCalls h = t.host();
        int fd = NodeOps.open(t, res.node(), Flags.O_WRONLY, 0);
        try {
            return LinuxError.check(h.syscall(Sysno.FTRUNCATE, fd, length));
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
    }

    private static long statfs(Task t, Resolved res, Reply out) {
        HostCalls h = t.host();
        MemorySegment buf = h.scratch(Layouts.STATFS_SIZE);
        switch (res.node()) {
            case Node.InTree in -> {
                long fd = LinuxError.check(in.tree().open(h, in.rel(), Flags.O_PATH | Flags.O_CLOEXEC, 0));
                try {
                    LinuxError.check(h.syscall(Sysno.FSTATFS, fd, buf.address()));
                } finally {
                    h.syscall(Sysno.CLOSE, fd);
                }
            }
            case Node.HostFile f -> LinuxError.check(h.syscall(Sysno.STATFS, h.cstring(f.hostPath()).address(), buf.address()));
            default -> LinuxError.check(h.syscall(Sysno.STATFS, h.cstring("/proc").address(), buf.address()));
        }
        out.item(buf.toArray(ValueLayout.JAVA_BYTE));
        return 0;
    }

}
