package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;

/** Turns a call's path arguments, named as in syscalls.tbl, into resolved
 * container paths. A fd argument arrives as the descriptor itself
 * (Args.descriptor), never as a name, and is placed in the container by the
 * resolver's proof. */
final class PathArgs {
    private PathArgs() {}

    /** A path relative to the cwd. */
    static Resolved resolve(Task t, Args a, String path, boolean follow) {
        return t.kernel().resolver().resolve(t, t.fs().cwd(), a.path(path), follow);
    }

    /** A path relative to a dirfd, following a final symlink unless the flags argument has
     * AT_SYMLINK_NOFOLLOW; with AT_EMPTY_PATH an empty path names the dirfd itself. */
    static Resolved resolveAt(Task t, Args a, String dirfd, String path, String flags) {
        int f = a.intArg(flags);
        return resolveAt(t, a, dirfd, path, (f & Flags.AT_SYMLINK_NOFOLLOW) == 0, (f & Flags.AT_EMPTY_PATH) != 0);
    }

    /** A path relative to a dirfd; an empty path with emptyPathAllowed names the dirfd itself. */
    static Resolved resolveAt(Task t, Args a, String dirfd, String path, boolean follow, boolean emptyPathAllowed) {
        return resolveAt(t, a, dirfd, path, emptyPathAllowed, (start, p) -> t.kernel().resolver().resolve(t, start, p, follow));
    }

    /** A path relative to the cwd for a call that removes its last name (PathResolver.resolveName). */
    static Resolved resolveName(Task t, Args a, String path) {
        return t.kernel().resolver().resolveName(t, t.fs().cwd(), a.path(path));
    }

    /** A path relative to a dirfd for a call that removes its last name (PathResolver.resolveName). */
    static Resolved resolveNameAt(Task t, Args a, String dirfd, String path) {
        return resolveAt(t, a, dirfd, path, false, (start, p) -> t.kernel().resolver().resolveName(t, start, p));
    }

    /** How a path is looked up from a start directory (a canonical container path). */
    private interface Lookup {
        Resolved from(String start, String path);
    }

    private static Resolved resolveAt(Task t, Args a, String dirfd, String path, boolean emptyPathAllowed, Lookup lookup) {
        int fd = a.descriptor(dirfd);
        String p = a.path(path);
        // As on Linux, an absolute path ignores the dirfd.
        if (p.startsWith("/")) return lookup.from("/", p);
        if (a.intArg(dirfd) == Flags.AT_FDCWD) {
            String cwd = t.fs().cwd();
            if (p.isEmpty() && emptyPathAllowed) return new Resolved(cwd, t.kernel().resolver().nodeFor(t, cwd));
            return lookup.from(cwd, p);
        }
        Resolved start = descriptor(t, fd);
        if (p.isEmpty()) {
            if (emptyPathAllowed) return start;
            throw new LinuxError(Errno.ENOENT);
        }
        if (PathResolver.type(t, start.node()) != Flags.S_IFDIR) throw new LinuxError(Errno.ENOTDIR);
        // A directory the container has no name for: nothing below it is the container's.
        if (!(start.node() instanceof Node.InTree)) throw new LinuxError(Errno.EACCES);
        return lookup.from(start.path(), p);
    }

    /** The file behind a fd argument. */
    static Resolved fd(Task t, Args a, String fd) {
        return descriptor(t, a.descriptor(fd));
    }

    /** Where a sent descriptor is in the container; one the container has no name for (a device, a
     * pipe, musl+) is an open file, as /proc/PID/fd/N shows it. */
    private static Resolved descriptor(Task t, int fd) {
        if (fd < 0) throw new LinuxError(Errno.EBADF);
        Resolved placed = t.kernel().resolver().ofDescriptor(t, fd);
        if (placed != null) return placed;
        String procPath = "/proc/self/fd/" + fd;
        String target = HostPaths.readlink(t.host(), procPath);
        if (target == null) throw new LinuxError(Errno.EBADF);
        return new Resolved(t.kernel().guestPathOfHost(target), new Node.OpenFile(procPath, target));
    }
}
