package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.vfs.Resolved;

/** Turns a request's path arguments into resolved container paths. */
final class PathArgs {
    private PathArgs() {}

    /** The directory a relative path starts from: the cwd for AT_FDCWD,
     * else the directory behind the guest's fd (sent as its host path). */
    static String start(Task t, Request r, int dirfdArg, int dirItem) {
        if ((int) r.arg(dirfdArg) == Flags.AT_FDCWD) return t.process().cwd();
        String host = r.string(dirItem);
        if (host == null) throw new LinuxError(Errno.EBADF);
        return t.kernel().guestPathOfHost(host);
    }

    /** A path relative to the cwd. */
    static Resolved resolve(Task t, Request r, int pathItem, boolean follow) {
        String path = r.string(pathItem);
        if (path == null) throw new LinuxError(Errno.EFAULT);
        return t.kernel().resolver().resolve(t, t.process().cwd(), path, follow);
    }

    /** A path relative to a dirfd; an empty path with AT_EMPTY_PATH names the dirfd itself. */
    static Resolved resolveAt(Task t, Request r, int dirfdArg, int dirItem, int pathItem, boolean follow,
                              boolean emptyPathAllowed) {
        String start = start(t, r, dirfdArg, dirItem);
        String path = r.string(pathItem);
        if (path == null) throw new LinuxError(Errno.EFAULT);
        if (path.isEmpty() && emptyPathAllowed) return new Resolved(start, t.kernel().resolver().nodeFor(t, start));
        return t.kernel().resolver().resolve(t, start, path, follow);
    }

    /** The file behind a guest fd, as a resolved path. */
    static Resolved fd(Task t, Request r, int item) {
        String host = r.string(item);
        if (host == null) throw new LinuxError(Errno.EBADF);
        String path = t.kernel().guestPathOfHost(host);
        return new Resolved(path, t.kernel().resolver().nodeFor(t, path));
    }
}
