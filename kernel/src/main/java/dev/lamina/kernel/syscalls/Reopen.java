package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.host.SharedFiles;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Opening a descriptor again through /proc/PID/fd/N (and /dev/fd/N). The host
 * would reopen the file itself, with whatever access is asked: an image file
 * the guest opened to read would come back writable. So a reopen that can
 * change a regular file opens the container path the descriptor shows instead,
 * through the same decisions as any open of it (copy-up, read-only volumes, the
 * installation's files), as overlayfs reopens the upper copy; a file no name
 * reaches any more is the guest's own and is reopened itself.
 */
final class Reopen {
    private static final String DELETED = " (deleted)";
    private static final String MEMFD = "/memfd:";

    private Reopen() {}

    static int open(Task t, Node.OpenFile f, int flags, int mode) {
        HostCalls h = t.host();
        int held = hold(h, f);
        try {
            MemorySegment st = h.scratch(Layouts.STAT_SIZE);
            LinuxError.check(h.syscall(Sysno.FSTAT, held, st.address()));
            if (NodeOps.writing(flags) && (NodeOps.mode(st) & Flags.S_IFMT) == Flags.S_IFREG) {
                if (orphan(t, f, held, st) || startedWith(t, st, flags)) return reopen(h, held, flags);
                Node named = byName(t, f);
                if (named == null) throw new LinuxError(Errno.EACCES);
                return regularByName(t, named, flags, mode);
            }
            if (!containerMayReopen(t, f, held, st, flags)) throw new LinuxError(Errno.EACCES);
            return reopen(h, held, flags);
        } finally {
            h.syscall(Sysno.CLOSE, held);
        }
    }

    /**
     * The regular file at a name, opened for writing in a descriptor's stead. The caller's permission was checked
     * on the descriptor's file; the name may lead elsewhere since (a directory on its path replaced by a symlink,
     * another file or a FIFO put there), so the file opened is checked again, and truncated (O_TRUNC) only then.
     */
    private static int regularByName(Task t, Node named, int flags, int mode) {
        HostCalls h = t.host();
        int fd;
        try {
            fd = NodeOps.open(t, named, (flags & ~Flags.O_TRUNC) | Flags.O_NONBLOCK, mode);
        } catch (LinuxError e) {
            throw e.errno() == Errno.ENXIO ? new LinuxError(Errno.EACCES) : e; // a FIFO without a reader, a socket
        }
        int want = (flags & Flags.O_ACCMODE) == Flags.O_RDWR ? Permissions.READ | Permissions.WRITE : Permissions.WRITE;
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        boolean ok = false;
        try {
            ok = h.syscall(Sysno.FSTAT, fd, st.address()) == 0 && (NodeOps.mode(st) & Flags.S_IFMT) == Flags.S_IFREG
                    && (Permissions.overrides(t)
                        || Permissions.allowed(t, NodeOps.stat(t, new Node.OpenFile("/proc/self/fd/" + fd, "")), want, false))
                    && ((flags & Flags.O_NONBLOCK) != 0 || h.syscall(Sysno.FCNTL, fd, Flags.F_SETFL, flags & ~Flags.O_NONBLOCK) == 0)
                    && ((flags & Flags.O_TRUNC) == 0 || h.syscall(Sysno.FTRUNCATE, fd, 0) == 0);
        } finally {
            if (!ok) h.syscall(Sysno.CLOSE, fd);
        }
        if (!ok) throw new LinuxError(Errno.EACCES);
        return fd;
    }

    private static int reopen(HostCalls h, int held, int flags) {
        int reopen = (flags & ~(Flags.O_CREAT | Flags.O_EXCL | Flags.O_NOFOLLOW)) | Flags.O_CLOEXEC;
        return (int) LinuxError.check(HostPaths.open(h, "/proc/self/fd/" + held, reopen, 0));
    }

    /**
     * Whether the container may have the held object opened again for it. Guest code can hold
     * any host file by itself (Landlock does not check O_PATH opens), but the kernel reopens
     * with none of Landlock's limits: so only an object that is not a file of the host's file
     * system (pipe:[N], socket:[N], anon_inode:[...]), a memfd, a file the container names
     * (the same file at its container path: the image's, a volume's, a /dev node), one of the
     * descriptors the container was started with, or an orphan of its own.
     */
    private static boolean containerMayReopen(Task t, Node.OpenFile f, int held, MemorySegment st, int flags) {
        String target = f.hostTarget();
        if (!target.startsWith("/")) return true;
        if (target.startsWith(MEMFD)) return memfd(t.host(), held);
        long dev = st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV), ino = st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO);
        return namedHere(t, f, dev, ino) || startedWith(t, st, flags) || orphan(t, f, held, st);
    }

    /** One of the files the container was started with (lamina's own stdio: /dev/stdout and the
     * like), asked for with no more access than it was given with. */
    private static boolean startedWith(Task t, MemorySegment st, int flags) {
        return t.kernel().startedWith(st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV), st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO), flags);
    }

    /** Whether the container path the host shows for f is that same file. */
    private static boolean namedHere(Task t, Node.OpenFile f, long dev, long ino) {
        Node node = byName(t, f);
        HostCalls h = t.host();
        MemorySegment now = h.scratch(Layouts.STAT_SIZE);
        long r = switch (node) {
            case Node.InTree in -> in.tree().lstat(h, in.rel(), now);
            case Node.HostFile file -> HostPaths.stat(h, file.hostPath(), now);
            case null, default -> -Errno.ENOENT;
        };
        return r == 0 && now.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV) == dev
                && now.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO) == ino;
    }

    /** Only a memfd answers F_GET_SEALS; an O_PATH descriptor answers nothing, so ask a read-only one. */
    private static boolean memfd(HostCalls h, int held) {
        long fd = HostPaths.open(h, "/proc/self/fd/" + held, Flags.O_RDONLY, 0);
        if (fd < 0) return false;
        long seals = h.syscall(Sysno.FCNTL, fd, Flags.F_GET_SEALS);
        h.syscall(Sysno.CLOSE, fd);
        return seals >= 0;
    }

    /**
     * A metadata change (fchmod, fchown, futimens) made on f's file itself, as Linux makes it,
     * when no name leads to that file any more (its name was removed) and it is the container's
     * own: not the image's, and last named in a writable place of the container. Null when it is
     * not such a file: the change then goes to the container's file by name ({@link #named}).
     */
    static Long onUnnamedOwn(Task t, Node.OpenFile f, OwnFiles.FdCall call) {
        HostCalls h = t.host();
        int held = hold(h, f);
        try {
            MemorySegment st = h.scratch(Layouts.STAT_SIZE);
            LinuxError.check(h.syscall(Sysno.FSTAT, held, st.address()));
            boolean own = f.hostTarget().startsWith(MEMFD) ? memfd(h, held)
                    : !SharedFiles.shared(st, t.kernel().storeFiles()) && lastNamedWritable(t, f);
            return own ? LinuxError.check(call.call(held)) : null;
        } finally {
            h.syscall(Sysno.CLOSE, held);
        }
    }

    /**
     * linkat(AT_SYMLINK_FOLLOW) of f, giving a file no name reaches a name at {@code to}, as
     * Linux gives an O_TMPFILE file one: the container's own (not the image's, last named in a
     * writable place, in the same tree as {@code to}: EXDEV otherwise), linked itself, where the
     * host refuses one made with O_EXCL or removed (ENOENT). Null when a name still reaches
     * f's file: the caller links it by that name ({@link #named}).
     */
    static Long linkUnnamedOwn(Task t, Node.OpenFile f, Node.InTree to) {
        HostCalls h = t.host();
        int held = hold(h, f);
        try {
            MemorySegment st = h.scratch(Layouts.STAT_SIZE);
            LinuxError.check(h.syscall(Sysno.FSTAT, held, st.address()));
            if (st.get(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK) != 0 || SharedFiles.shared(st, t.kernel().storeFiles())) return null;
            Node.InTree place = lastNamedPlace(t, f);
            if (place == null) throw new LinuxError(Errno.EACCES);
            if (place.tree() != to.tree()) throw new LinuxError(Errno.EXDEV);
            MemorySegment self = h.cstring("/proc/self/fd/" + held);
            return NodeOps.at(t, to, (d, n) -> h.syscall(Sysno.LINKAT, Flags.AT_FDCWD, self.address(), d, n.address(),
                    Flags.AT_SYMLINK_FOLLOW));
        } finally {
            h.syscall(Sysno.CLOSE, held);
        }
    }

    /** The container node to change when a guest changes f's metadata (chmod, chown, utimes). */
    static Node named(Task t, Node.OpenFile f) {
        Node named = byName(t, f);
        if (named == null) throw new LinuxError(Errno.EACCES);
        return named;
    }

    /** The file itself, held so that a guest swapping its descriptor meanwhile changes nothing. */
    private static int hold(HostCalls h, Node.OpenFile f) {
        return (int) LinuxError.check(HostPaths.open(h, f.procPath(), Flags.O_PATH, 0));
    }

    /** The container node at the path the host shows for f, or null when no file is there. A file
     * replaced by a copy-up shows as deleted (the copy took its name): its name leads to the copy. */
    private static Node byName(Task t, Node.OpenFile f) {
        String target = f.hostTarget();
        if (target.endsWith(DELETED)) target = target.substring(0, target.length() - DELETED.length());
        String path = t.kernel().guestPathOfHost(target);
        if (!path.startsWith("/")) return null;
        try {
            Node node = t.kernel().resolver().resolveKept(t, path, false).node();
            return PathResolver.type(t, node) < 0 ? null : node;
        } catch (LinuxError e) {
            return null;
        }
    }

    /** A file no other name reaches: a memfd, or an unlinked file of a writable place in the container. */
    private static boolean orphan(Task t, Node.OpenFile f, int held, MemorySegment st) {
        HostCalls h = t.host();
        String target = f.hostTarget();
        if (target.startsWith(MEMFD)) return memfd(h, held);
        return st.get(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK) == 0 && lastNamedWritable(t, f);
    }

    /** Whether f's file had its name removed from a writable place of the container. */
    private static boolean lastNamedWritable(Task t, Node.OpenFile f) {
        return lastNamedPlace(t, f) != null;
    }

    /** The writable directory of the container f's file had its name removed from (an O_TMPFILE
     * file's is the one it was made in), or null. */
    private static Node.InTree lastNamedPlace(Task t, Node.OpenFile f) {
        String target = f.hostTarget();
        if (!target.endsWith(DELETED)) return null;
        String path = t.kernel().guestPathOfHost(target.substring(0, target.length() - DELETED.length()));
        if (!path.startsWith("/")) return null;
        try {
            Resolved dir = t.kernel().resolver().resolveKept(t, PathResolver.parent(path), true);
            if (!(dir.node() instanceof Node.InTree in)) return null;
            NodeOps.requireWritable(t, in);
            return in;
        } catch (LinuxError e) {
            return null;
        }
    }
}
