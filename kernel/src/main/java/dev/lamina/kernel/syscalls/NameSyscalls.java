package dev.lamina.kernel.syscalls;

import static dev.lamina.kernel.syscalls.PathArgs.resolve;
import static dev.lamina.kernel.syscalls.PathArgs.resolveAt;
import static dev.lamina.kernel.syscalls.PathArgs.resolveName;
import static dev.lamina.kernel.syscalls.PathArgs.resolveNameAt;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;

/** Calls that change names: mkdir, mknod, unlink, rmdir, rename, link,
 * symlink. */
final class NameSyscalls {
    private NameSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.MKDIR, (t, a, out) -> mkdir(t, resolve(t, a, "pathname", false), a.intArg("mode")));
        table.on(Syscalls.MKDIRAT, (t, a, out) -> mkdir(t, resolveAt(t, a, "dirfd", "pathname", false, false), a.intArg("mode")));
        table.on(Syscalls.MKNOD, (t, a, out) -> {
            long slashed = slashedNew(t, a, "pathname", () -> resolveName(t, a, "pathname"));
            return slashed != 0 ? slashed : mknod(t, resolve(t, a, "pathname", false), a.intArg("mode"), a.arg("dev"));
        });
        table.on(Syscalls.MKNODAT, (t, a, out) -> {
            long slashed = slashedNew(t, a, "pathname", () -> resolveNameAt(t, a, "dirfd", "pathname"));
            return slashed != 0 ? slashed : mknod(t, resolveAt(t, a, "dirfd", "pathname", false, false), a.intArg("mode"), a.arg("dev"));
        });

        table.on(Syscalls.UNLINK, (t, a, out) -> dotted(a, 0) != 0 ? dotted(a, 0)
                : unlink(t, a, resolveName(t, a, "pathname"), 0));
        table.on(Syscalls.RMDIR, (t, a, out) -> dotted(a, Flags.AT_REMOVEDIR) != 0 ? dotted(a, Flags.AT_REMOVEDIR)
                : unlink(t, a, resolveName(t, a, "pathname"), Flags.AT_REMOVEDIR));
        table.on(Syscalls.UNLINKAT, (t, a, out) -> dotted(a, a.intArg("flags")) != 0 ? dotted(a, a.intArg("flags"))
                : unlink(t, a, resolveNameAt(t, a, "dirfd", "pathname"), a.intArg("flags")));

        // Both names are the names themselves, a link never followed (even with a trailing slash).
        table.on(Syscalls.RENAME, (t, a, out) -> rename(t, a, resolveName(t, a, "oldpath"), resolveName(t, a, "newpath"), 0));
        table.on(Syscalls.RENAMEAT, (t, a, out) -> rename(t, a, resolveNameAt(t, a, "olddirfd", "oldpath"),
                resolveNameAt(t, a, "newdirfd", "newpath"), 0));
        table.on(Syscalls.RENAMEAT2, (t, a, out) -> rename(t, a, resolveNameAt(t, a, "olddirfd", "oldpath"),
                resolveNameAt(t, a, "newdirfd", "newpath"), a.intArg("flags")));

        table.on(Syscalls.LINK, (t, a, out) -> {
            long slashed = slashedNew(t, a, "newpath", () -> resolveName(t, a, "newpath"));
            return slashed != 0 ? slashed : link(t, resolve(t, a, "oldpath", false), resolve(t, a, "newpath", false));
        });
        table.on(Syscalls.LINKAT, (t, a, out) -> {
            int flags = a.intArg("flags");
            if ((flags & ~(Flags.AT_SYMLINK_FOLLOW | Flags.AT_EMPTY_PATH)) != 0) return -Errno.EINVAL;
            long slashed = slashedNew(t, a, "newpath", () -> resolveNameAt(t, a, "newdirfd", "newpath"));
            if (slashed != 0) return slashed;
            return link(t, resolveAt(t, a, "olddirfd", "oldpath", (flags & Flags.AT_SYMLINK_FOLLOW) != 0,
                    (flags & Flags.AT_EMPTY_PATH) != 0), resolveAt(t, a, "newdirfd", "newpath", false, false));
        });
        table.on(Syscalls.SYMLINK, (t, a, out) -> {
            long slashed = slashedNew(t, a, "linkpath", () -> resolveName(t, a, "linkpath"));
            return slashed != 0 ? slashed : symlink(t, a.string("target"), resolve(t, a, "linkpath", false));
        });
        table.on(Syscalls.SYMLINKAT, (t, a, out) -> {
            long slashed = slashedNew(t, a, "linkpath", () -> resolveNameAt(t, a, "newdirfd", "linkpath"));
            return slashed != 0 ? slashed : symlink(t, a.string("target"), resolveAt(t, a, "newdirfd", "linkpath", false, false));
        });
    }

    /**
     * A new name that is not a directory (mknod's, symlink's, link's) given with a trailing
     * slash: Linux looks it up without creating it, so it is EEXIST when it exists and
     * ENOENT when not; 0 for a name without the slash. {@code name}: the name itself.
     */
    private static long slashedNew(Task t, Args a, String arg, java.util.function.Supplier<Resolved> name) {
        if (!a.path(arg).endsWith("/")) return 0;
        return PathResolver.type(t, name.get().node()) >= 0 ? -Errno.EEXIST : -Errno.ENOENT;
    }

    private static long mkdir(Task t, Resolved res, int mode) {
        Node.InTree in = existingOrTree(t, res);
        Permissions.mayCreate(t, res);
        t.host().guestUmask(t.fs().umask());
        long r = NodeOps.at(t, in, (d, n) -> t.host().syscall(Sysno.MKDIRAT, d, n.address(), mode));
        NodeOps.ownNew(t, in);
        return r;
    }

    /** Fifos, sockets and regular files are the host's; a device is a marked file ({@link DeviceNodes}), made with CAP_MKNOD only. */
    private static long mknod(Task t, Resolved res, int mode, long dev) {
        int type = mode & Flags.S_IFMT;
        boolean device = type == Flags.S_IFCHR || type == Flags.S_IFBLK;
        Node.InTree in = existingOrTree(t, res);
        Permissions.mayCreate(t, res);
        if (device && Permissions.exists(t, in)) return -Errno.EEXIST;
        if (device && !Permissions.capable(t, Capabilities.MKNOD)) return -Errno.EPERM;
        t.host().guestUmask(t.fs().umask());
        long r = device ? LinuxError.check(DeviceNodes.make(t, in, mode, dev))
                : NodeOps.at(t, in, (d, n) -> t.host().syscall(Sysno.MKNODAT, d, n.address(), mode, dev));
        NodeOps.ownNew(t, in);
        return r;
    }

    /** Creating over a mounted node: it exists already. */
    private static Node.InTree existingOrTree(Task t, Resolved res) {
        if (!(res.node() instanceof Node.InTree)) throw new LinuxError(Errno.EEXIST);
        return NodeOps.writableTree(t, res.node());
    }

    /** Linux refuses to remove a path whose last name is "." or "..", before looking it up:
     * rmdir with EINVAL or ENOTEMPTY, unlink with EISDIR; 0 for any other path. */
    private static long dotted(Args a, int flags) {
        String path = a.string("pathname");
        if (path == null || !lastIsDots(path)) return 0;
        if ((flags & Flags.AT_REMOVEDIR) == 0) return -Errno.EISDIR;
        return lastName(path).equals(".") ? -Errno.EINVAL : -Errno.ENOTEMPTY;
    }

    /** A rename's first refusal, before Linux looks at either name, and a link's once it has the new one's place: the two on different mounts. */
    private static boolean acrossMounts(Task t, Resolved from, Resolved to) {
        var mounts = t.kernel().mounts();
        return !java.util.Objects.equals(mounts.filesystemOf(from.path()), mounts.filesystemOf(to.path()));
    }

    private static boolean lastIsDots(String path) {
        String last = lastName(path);
        return last.equals(".") || last.equals("..");
    }

    /** A path's last name, trailing slashes aside. */
    private static String lastName(String path) {
        String last = path.replaceAll("/+$", "");
        return last.substring(last.lastIndexOf('/') + 1);
    }

    /** res is the last name itself (a link is not followed, even with a trailing slash). */
    private static long unlink(Task t, Args a, Resolved res, int flags) {
        // unlink of "name/": Linux looks at the name itself: a directory is EISDIR, anything else ENOTDIR
        // (rmdir's own answers, ENOTDIR for a link or a file, are the host's).
        if ((flags & Flags.AT_REMOVEDIR) == 0 && a.path("pathname").endsWith("/")) {
            int type = PathResolver.type(t, res.node());
            return type < 0 ? -Errno.ENOENT : type == Flags.S_IFDIR ? -Errno.EISDIR : -Errno.ENOTDIR;
        }
        if (res.path().equals("/")) return -Errno.EBUSY;
        // procfs removes none of its own names (the files it makes, the host's it shows), as Linux's
        if (!(res.node() instanceof Node.InTree) && "/proc".equals(t.kernel().mounts().mountPointOf(res.path()))
                && PathResolver.type(t, res.node()) >= 0) return -Errno.EPERM;
        if (t.kernel().mounts().isMountPoint(res.path())) {
            // Linux's may_delete first (the directory's permission; unlink of a directory is EISDIR), then EBUSY.
            Permissions.mayDelete(t, res);
            return (flags & Flags.AT_REMOVEDIR) == 0 && PathResolver.type(t, res.node()) == Flags.S_IFDIR ? -Errno.EISDIR : -Errno.EBUSY;
        }
        Node.InTree in = res.node() instanceof Node.InTree dev && NodeOps.inDev(t, dev) && (flags & Flags.AT_REMOVEDIR) == 0
                && PathResolver.type(t, dev) == Flags.S_IFSOCK ? dev : NodeOps.writableTree(t, res.node());
        Permissions.mayDelete(t, res);
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

    private static long rename(Task t, Args args, Resolved from, Resolved to, int flags) {
        // A trailing slash on either name asks for a directory: the name being moved must be one
        // (a link to one is not), and for an exchange the other too (Linux: ENOTDIR).
        boolean exchange = (flags & Flags.RENAME_EXCHANGE) != 0;
        if (acrossMounts(t, from, to)) return -Errno.EXDEV;
        // "." or ".." as either last name: Linux refuses before it looks anything up.
        if (lastIsDots(args.path("oldpath")) || lastIsDots(args.path("newpath"))) return -Errno.EBUSY;
        boolean oldSlash = args.path("oldpath").endsWith("/"), newSlash = args.path("newpath").endsWith("/");
        if ((oldSlash || (newSlash && !exchange)) && isNotDirectory(t, from)) return -Errno.ENOTDIR;
        if (exchange && newSlash && isNotDirectory(t, to)) return -Errno.ENOTDIR;
        if (t.kernel().mounts().isMountPoint(from.path()) || t.kernel().mounts().isMountPoint(to.path())) return -Errno.EBUSY;
        Node.InTree a = NodeOps.writableTree(t, from.node());
        Node.InTree b = NodeOps.writableTree(t, to.node());
        if (a.tree() != b.tree()) return -Errno.EXDEV;
        Permissions.mayDelete(t, from);
        if (Permissions.exists(t, b)) Permissions.mayDelete(t, to);
        else Permissions.mayCreate(t, to);
        a.tree().namesChanging();
        try {
            long r = LinuxError.check(a.tree().at2(t.host(), a.rel(), b.tree(), b.rel(),
                    (d1, n1, d2, n2) -> t.host().syscall(Sysno.RENAMEAT2, d1, n1.address(), d2, n2.address(), flags, 0)));
            t.kernel().processes().renamed(from.path(), to.path(), (flags & Flags.RENAME_EXCHANGE) != 0);
            return r;
        } finally {
            a.tree().namesChanging();
        }
    }

    /** Whether the name exists and is not a directory (one missing is the host call's to report). */
    private static boolean isNotDirectory(Task t, Resolved res) {
        int type = PathResolver.type(t, res.node());
        return type >= 0 && type != Flags.S_IFDIR;
    }

    private static long link(Task t, Resolved from, Resolved to) {
        if (from.node() instanceof Node.OpenFile f) { // linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N
            Node.InTree b = NodeOps.writableTree(t, to.node());
            Permissions.mayCreate(t, to);
            Permissions.mayLink(t, f);
            Long linked = Reopen.linkUnnamedOwn(t, f, b);
            if (linked != null) return linked;
            from = new Resolved(from.path(), Reopen.named(t, f));
        } else {
            // Linux makes the new name's place first (ENOENT in /proc, EROFS read-only), then compares mounts
            NodeOps.writableTree(t, to.node());
            if (acrossMounts(t, from, to)) return -Errno.EXDEV;
        }
        Node.InTree a = NodeOps.writableTree(t, from.node());
        Node.InTree b = NodeOps.writableTree(t, to.node());
        if (a.tree() != b.tree()) return -Errno.EXDEV;
        Permissions.mayCreate(t, to);
        Permissions.mayLink(t, from.node());
        // As overlayfs: the image's file is copied up first, so the new name is the container's
        // file too and the two names stay one file. (A race that puts an image file under the
        // name meanwhile only links the image's file, which is copied up before any change.)
        NodeOps.ownCopy(t, a);
        return LinuxError.check(a.tree().at2(t.host(), a.rel(), b.tree(), b.rel(),
                (d1, n1, d2, n2) -> t.host().syscall(Sysno.LINKAT, d1, n1.address(), d2, n2.address(), 0, 0)));
    }

    private static long symlink(Task t, String target, Resolved at) {
        if (target == null) return -Errno.EFAULT;
        Node.InTree in = existingOrTree(t, at);
        Permissions.mayCreate(t, at);
        HostCalls h = t.host();
        MemorySegment tgt = h.cstring(target);
        long r = NodeOps.at(t, in, (d, n) -> h.syscall(Sysno.SYMLINKAT, tgt.address(), d, n.address()));
        NodeOps.ownNew(t, in);
        return r;
    }
}
