package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;

/** Turns a request's path arguments into resolved container paths. A fd
 * argument arrives as the descriptor itself (Request.descriptor), never as a
 * name, and is placed in the container by the resolver's proof. */
final class PathArgs {
    private PathArgs() {}

    /** The fd arguments of renameat, renameat2 and linkat (olddirfd, newdirfd), and their paths' items. */
    static final int[] TWO_DIRS = {0, 2};
    private static final int[] TWO_PATHS = {0, 1};

    /** A path relative to the cwd. */
    static Resolved resolve(Task t, Request r, int pathItem, boolean follow) {
        String path = r.string(pathItem);
        if (path == null) throw new LinuxError(Errno.EFAULT);
        return t.kernel().resolver().resolve(t, t.process().cwd(), path, follow);
    }

    /** A path relative to the dirfd of a call with one fd argument. */
    static Resolved resolveAt(Task t, Request r, int dirfdArg, int pathItem, boolean follow, boolean emptyPathAllowed) {
        return at(t, r, new int[] {dirfdArg}, new int[] {pathItem}, 0, follow, emptyPathAllowed);
    }

    /** A path of a two-directory call (TWO_DIRS): the old one (which = 0) or the new one. */
    static Resolved resolveAt(Task t, Request r, int[] twoDirs, int which, boolean follow, boolean emptyPathAllowed) {
        return at(t, r, twoDirs, TWO_PATHS, which, follow, emptyPathAllowed);
    }

    /** The path in item pathItems[which] relative to the dirfd fdArgs[which]; an empty path with
     * AT_EMPTY_PATH names the dirfd itself. */
    private static Resolved at(Task t, Request r, int[] fdArgs, int[] pathItems, int which, boolean follow,
                               boolean emptyPathAllowed) {
        int fd = r.descriptor(fdArgs, pathItems, which);
        String path = r.string(pathItems[which]);
        if (path == null) throw new LinuxError(Errno.EFAULT);
        // As on Linux, an absolute path ignores the dirfd.
        if (path.startsWith("/")) return t.kernel().resolver().resolve(t, "/", path, follow);
        if (r.intArg(fdArgs[which]) == Flags.AT_FDCWD) {
            String cwd = t.process().cwd();
            if (path.isEmpty() && emptyPathAllowed) return new Resolved(cwd, t.kernel().resolver().nodeFor(t, cwd));
            return t.kernel().resolver().resolve(t, cwd, path, follow);
        }
        Resolved start = descriptor(t, fd);
        if (path.isEmpty() && emptyPathAllowed) return start;
        if (PathResolver.type(t, start.node()) != Flags.S_IFDIR) throw new LinuxError(Errno.ENOTDIR);
        // A directory the container has no name for: nothing below it is the container's.
        if (!(start.node() instanceof Node.InTree)) throw new LinuxError(Errno.EACCES);
        return t.kernel().resolver().resolve(t, start.path(), path, follow);
    }

    /** The file behind the call's fd argument fdArg (the only one it has). */
    static Resolved fd(Task t, Request r, int fdArg) {
        return descriptor(t, r.descriptor(new int[] {fdArg}, new int[] {-1}, 0));
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
