package dev.lamina.kernel.syscalls;

import static dev.lamina.kernel.syscalls.PathArgs.resolve;
import static dev.lamina.kernel.syscalls.PathArgs.resolveAt;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.BlockedCalls;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.vfs.Mount;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** Calls that open or look at a file by path: open, stat, access,
 * readlink, statfs. */
final class OpenStatSyscalls {
    private OpenStatSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.OPEN, (t, a, out) -> badTmpfile(openFlags(a)) ? -Errno.EINVAL : createsADirectory(a, openFlags(a)) ? -Errno.EISDIR
                : open(t, resolve(t, a, "pathname", follows(openFlags(a))), openFlags(a), a.intArg("mode"), out));
        table.on(Syscalls.CREAT, (t, a, out) -> createsADirectory(a, Flags.O_CREAT) ? -Errno.EISDIR
                : open(t, resolve(t, a, "pathname", false), Flags.O_CREAT | Flags.O_WRONLY | Flags.O_TRUNC, a.intArg("mode"), out));
        table.on(Syscalls.OPENAT, (t, a, out) -> badTmpfile(openFlags(a)) ? -Errno.EINVAL : createsADirectory(a, openFlags(a)) ? -Errno.EISDIR
                : open(t, resolveAt(t, a, "dirfd", "pathname", follows(openFlags(a)), false), openFlags(a),
                        a.intArg("mode"), out));

        table.on(Syscalls.STAT, (t, a, out) -> stat(t, resolve(t, a, "pathname", true), out));
        table.on(Syscalls.LSTAT, (t, a, out) -> stat(t, resolve(t, a, "pathname", false), out));
        table.on(Syscalls.NEWFSTATAT, (t, a, out) -> stat(t, resolveAt(t, a, "dirfd", "pathname", "flags"), out));
        table.on(Syscalls.STATX, (t, a, out) -> {
            int flags = a.intArg("flags");
            if ((flags & ~(Flags.AT_SYMLINK_NOFOLLOW | Flags.AT_NO_AUTOMOUNT | Flags.AT_EMPTY_PATH | Flags.AT_STATX_SYNC_TYPE)) != 0
                    || (flags & Flags.AT_STATX_SYNC_TYPE) == Flags.AT_STATX_SYNC_TYPE
                    || (a.intArg("mask") & Flags.STATX_RESERVED) != 0)
                return -Errno.EINVAL;
            Node node = resolveAt(t, a, "dirfd", "pathname", "flags").node();
            out.item(Statx.of(t, node, NodeOps.stat(t, node)));
            return 0;
        });

        table.on(Syscalls.ACCESS, (t, a, out) -> access(t, resolve(t, a, "pathname", true), a.intArg("mode"), true));
        table.on(Syscalls.FACCESSAT, (t, a, out) -> access(t, resolveAt(t, a, "dirfd", "pathname", true, false), a.intArg("mode"), true));
        table.on(Syscalls.FACCESSAT2, (t, a, out) -> access(t, resolveAt(t, a, "dirfd", "pathname", "flags"), a.intArg("mode"),
                (a.intArg("flags") & Flags.AT_EACCESS) == 0));

        table.on(Syscalls.READLINK, (t, a, out) -> readlink(t, resolve(t, a, "pathname", false), a.arg("bufsiz"), out));
        table.on(Syscalls.READLINKAT, (t, a, out) -> readlink(t, resolveAt(t, a, "dirfd", "pathname", false, true),
                a.arg("bufsiz"), out));

        table.on(Syscalls.STATFS, (t, a, out) -> statfs(t, resolve(t, a, "path", true), out));
    }

    /** open's flags as Linux takes them: those it knows, and with O_PATH only those that mean something with it
     * (the host's openat2 refuses the rest, O_LARGEFILE, which musl always sets, among them). */
    private static int openFlags(Args a) {
        int flags = a.intArg("flags") & Flags.VALID_OPEN_FLAGS;
        return (flags & Flags.O_PATH) != 0 ? flags & Flags.O_PATH_FLAGS : flags;
    }

    /** O_TMPFILE as build_open_flags takes it, before any lookup: with O_DIRECTORY, without O_CREAT, open to write. */
    private static boolean badTmpfile(int flags) {
        int bit = Flags.O_TMPFILE & ~Flags.O_DIRECTORY;
        return (flags & bit) != 0 && ((flags & (Flags.O_TMPFILE | Flags.O_CREAT)) != Flags.O_TMPFILE
                || (flags & Flags.O_ACCMODE) == Flags.O_RDONLY);
    }

    /** O_CREAT with a path ending in a slash: Linux refuses it (EISDIR) before looking at the name. */
    private static boolean createsADirectory(Args a, int flags) {
        String path = a.string("pathname");
        return (flags & Flags.O_CREAT) != 0 && path != null && path.endsWith("/");
    }

    /** open follows a final symlink unless O_NOFOLLOW, or O_CREAT|O_EXCL. */
    private static boolean follows(int flags) {
        if ((flags & Flags.O_NOFOLLOW) != 0) return false;
        return (flags & (Flags.O_CREAT | Flags.O_EXCL)) != (Flags.O_CREAT | Flags.O_EXCL);
    }

    private static long open(Task t, Resolved res, int flags, int mode, Reply out) {
        boolean made = Permissions.mayOpen(t, res, flags);
        int fd = mayBlock(t, res, flags) ? BlockedCalls.run(t.host(), t.channel(), () -> NodeOps.open(t, res.node(), flags, mode))
                : NodeOps.open(t, res.node(), flags, mode);
        if (made) NodeOps.ownNew(t, (Node.InTree) res.node(), fd);
        out.fd(fd, (flags & Flags.O_CLOEXEC) != 0);
        return 0;
    }

    /** An open that may wait for another process: of a FIFO (or a pipe by its /proc name), read-only or write-only,
     * without O_NONBLOCK. A name may be a FIFO by the open whatever type resolution saw (swapped in meanwhile), so
     * every read-only open by name counts; one that writes watches its own open (OwnFiles), after its copy-up. The
     * type of an open file's reopening (through /proc/self/fd) is fixed: the one resolution looked at. */
    private static boolean mayBlock(Task t, Resolved res, int flags) {
        if (!OwnFiles.mayWait(flags)) return false;
        if (res.node() instanceof Node.InTree) return !NodeOps.writing(flags);
        return res.node() instanceof Node.OpenFile && PathResolver.type(t, res.node()) == Flags.S_IFIFO;
    }

    private static long stat(Task t, Resolved res, Reply out) {
        out.item(NodeOps.stat(t, res.node()));
        return 0;
    }

    /** access and faccessat check with the real ids; faccessat2's AT_EACCESS with the effective (filesystem) ones. */
    private static long access(Task t, Resolved res, int mode, boolean real) {
        byte[] st = NodeOps.stat(t, res.node());
        if (!Permissions.allowed(t, st, mode & (Flags.R_OK | Flags.W_OK | Flags.X_OK), real)) return -Errno.EACCES;
        // A read-only mount is told too, after the permission, for all but devices, fifos and sockets (do_faccessat).
        int type = NodeOps.mode(st) & Flags.S_IFMT;
        boolean special = type == Flags.S_IFCHR || type == Flags.S_IFBLK || type == Flags.S_IFIFO || type == Flags.S_IFSOCK;
        if ((mode & Flags.W_OK) != 0 && !special) NodeOps.readOnlyFirst(t, res);
        return 0;
    }

    private static long readlink(Task t, Resolved res, long bufsiz, Reply out) {
        if (bufsiz <= 0) return -Errno.EINVAL;
        byte[] target = NodeOps.readlink(t, res.node());
        int n = (int) Math.min(target.length, bufsiz);
        out.item(Arrays.copyOf(target, n));
        return n;
    }

    /** The filesystems the kernel makes that hold no files of their own; /dev/shm's files are real: the host's figures. */
    private static final java.util.Set<String> KERNEL_FS = java.util.Set.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup");

    /**
     * statfs of a filesystem the kernel makes, as Linux gives it: its type's magic (programs tell
     * cgroup v2 by it: a JVM reads its limits only then), 4 KiB blocks, none counted but a tmpfs's
     * size (all free: Docker's /dev holds only device nodes), and the flags its options say.
     */
    private static void kernelFs(Mount mount, MemorySegment buf) {
        buf.asSlice(0, Layouts.STATFS_SIZE).fill((byte) 0);
        buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_TYPE, magic(mount.type()));
        buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_BSIZE, 4096);
        buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_NAMELEN, 255);
        buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_FRSIZE, 4096);
        buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_FLAGS, mount.statfsFlags());
        for (long field : new long[] {Layouts.STATFS_BLOCKS, Layouts.STATFS_BFREE, Layouts.STATFS_BAVAIL})
            buf.set(ValueLayout.JAVA_LONG, field, mount.sizeOption() / 4096);
    }

    private static long magic(String type) {
        return switch (type) {
            case "sysfs" -> Flags.SYSFS_MAGIC;
            case "cgroup2" -> Flags.CGROUP2_SUPER_MAGIC;
            case "tmpfs" -> Flags.TMPFS_MAGIC;
            case "devpts" -> Flags.DEVPTS_SUPER_MAGIC;
            default -> Flags.PROC_SUPER_MAGIC;
        };
    }

    private static long statfs(Task t, Resolved res, Reply out) {
        HostCalls h = t.host();
        MemorySegment buf = h.scratch(Layouts.STATFS_SIZE);
        String at = t.kernel().mounts().mountPointOf(res.path());
        Mount mount = at == null ? null : t.kernel().mounts().mounts().get(at);
        if (at != null && KERNEL_FS.contains(at)) {
            kernelFs(mount, buf);
            out.item(buf.asSlice(0, Layouts.STATFS_SIZE).toArray(ValueLayout.JAVA_BYTE));
            return 0;
        }
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
        if (at == null && res.node() instanceof Node.InTree in && in.tree() == t.kernel().root()) {
            // The image root, which /proc/mounts lists as Docker's overlay: its type so too (`stat -f /`: overlayfs).
            buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_TYPE, Flags.OVERLAYFS_SUPER_MAGIC);
        }
        if ("/dev/shm".equals(at)) {
            // Its files are the host's, in the kernel's state: their figures, as the tmpfs Docker mounts there.
            buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_TYPE, magic(mount.type()));
            buf.set(ValueLayout.JAVA_LONG, Layouts.STATFS_FLAGS, mount.statfsFlags());
        }
        out.item(buf.asSlice(0, Layouts.STATFS_SIZE).toArray(ValueLayout.JAVA_BYTE)); // scratch is rounded up
        return 0;
    }
}
