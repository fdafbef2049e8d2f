package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.procfs.DevFs;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Directories: the working directory (chdir, fchdir, getcwd), the root (chroot), a thread's own of both
 * (unshare's CLONE_FS) and /proc's listing (getdents64, getdents). */
final class DirSyscalls {
    private DirSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.CHDIR, (t, a, out) -> chdir(t, PathArgs.resolve(t, a, "path", true)));
        table.on(Syscalls.FCHDIR, (t, a, out) -> {
            Resolved dir = PathArgs.fd(t, a, "fd");
            // A directory the container has no name for cannot be its cwd.
            if (dir.node() instanceof Node.OpenFile) return -Errno.EACCES;
            return chdir(t, dir);
        });
        table.on(Syscalls.CHROOT, (t, a, out) -> chroot(t, PathArgs.resolve(t, a, "path", true)));
        table.on(Syscalls.GETCWD, (t, a, out) -> getcwd(t, a.arg("size"), out));
        // The init host sends unshare its CLONE_FS (and makes the rest of it on the host).
        table.on(Syscalls.UNSHARE, (t, a, out) -> {
            if ((a.arg("flags") & Flags.CLONE_FS) != 0) t.process().unshareFs(t.tid());
            return 0;
        });
        table.on(Syscalls.GETDENTS64, (t, a, out) -> getdents(t, a.descriptor("fd"), a.arg("count"), false, out));
        table.on(Syscalls.GETDENTS, (t, a, out) -> getdents(t, a.descriptor("fd"), a.arg("count"), true, out));
    }

    /** Bounds what one listing answers (Linux's is the caller's buffer; a listing goes on where it stopped). */
    private static final int LISTING_MAX = 64 * 1024;

    /** The init host sends the listings of /proc and /dev (dispatch.c); anything else sent is listed as the host lists it. */
    private static long getdents(Task t, int fd, long count, boolean old, Reply out) {
        if (fd < 0) return -Errno.EBADF;
        int size = (int) Math.min(count & 0xffffffffL, LISTING_MAX);
        if (t.kernel().procfs().isRoot(t.host(), fd)) {
            byte[] listed = t.kernel().procfs().list(t.host(), fd, size, old);
            out.item(listed);
            return listed.length;
        }
        boolean devices = t.kernel().devices().isRoot(t.host(), fd);
        if (devices || kernelDirectory(t, fd)) {
            byte[] listed = t.kernel().procfs().listKernelDirectory(t.host(), fd, size, old);
            if (devices) DevFs.showDevices(MemorySegment.ofArray(listed), listed.length, old);
            out.item(listed);
            return listed.length;
        }
        MemorySegment buf = t.host().scratch(size);
        long n = LinuxError.check(t.host().syscall(old ? Sysno.GETDENTS : Sysno.GETDENTS64, fd, buf.address(), size));
        out.item(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        return n;
    }

    /** Whether fd is a directory the kernel makes below /proc, /sys or /dev (its state tree's), as its host path
     * says now. The init host sends those it opened for listing (NodeOps.open marks them with O_NOATIME). */
    private static boolean kernelDirectory(Task t, int fd) {
        String path = HostPaths.readlink(t.host(), "/proc/self/fd/" + fd);
        if (path == null) return false;
        String top = t.kernel().state().top().toString();
        return path.startsWith(top + "/proc/") || path.equals(top + "/sys") || path.startsWith(top + "/sys/")
                || path.startsWith(top + "/dev/");
    }

    private static long chdir(Task t, Resolved res) {
        // A directory named through /proc/PID/fd/N: the cwd is the directory, not the link (Linux follows it)
        if (res.node() instanceof Node.OpenFile f) res = t.kernel().resolver().directoryOf(t, f);
        if (PathResolver.type(t, res.node()) != Flags.S_IFDIR) {
            NodeOps.stat(t, res.node());
            throw new LinuxError(Errno.ENOTDIR);
        }
        if (!Permissions.mayLookUp(t, res.node())) return -Errno.EACCES;
        t.fs().cwd(res.path());
        return 0;
    }

    /**
     * The process's root becomes a directory of the container's, as Linux's chroot: with CAP_SYS_CHROOT in
     * effect (Docker's default set); the working directory stays where it is, even outside the new root.
     */
    private static long chroot(Task t, Resolved res) {
        if (res.node() instanceof Node.OpenFile f) res = t.kernel().resolver().directoryOf(t, f);
        if (PathResolver.type(t, res.node()) != Flags.S_IFDIR) {
            NodeOps.stat(t, res.node());
            throw new LinuxError(Errno.ENOTDIR);
        }
        if (!Permissions.mayLookUp(t, res.node())) return -Errno.EACCES;
        if (!t.process().credentials().capable(Capabilities.SYS_CHROOT)) return -Errno.EPERM;
        // Only a directory of a tree: one the kernel makes up (a process's /proc directory) has none to resolve under.
        if (!(res.node() instanceof Node.InTree)) return -Errno.EPERM;
        t.fs().root(res.path());
        return 0;
    }

    /** The working directory from the process's root; one outside it (held across a chroot) as Linux shows it, "(unreachable)" and its path. */
    private static long getcwd(Task t, long size, Reply out) {
        String path = t.fs().cwd();
        String named = t.fs().named(path);
        byte[] cwd = Kernel.cstring(named != null ? named : "(unreachable)" + path);
        if (size < cwd.length) return -Errno.ERANGE;
        out.item(cwd);
        return cwd.length;
    }
}
