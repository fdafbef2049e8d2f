package dev.lamina.kernel.syscalls;

import static dev.lamina.kernel.syscalls.PathArgs.resolve;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;

/**
 * inotify watches by path. The path is resolved in the container, and the
 * host watches the file it names through a descriptor of that file
 * (/proc/self/fd/N), on the guest's own inotify instance (the descriptor
 * sent with the call): events and watch numbers are the host's, as they
 * would be natively, and no guest path reaches the host.
 */
final class WatchSyscalls {
    private WatchSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.INOTIFY_ADD_WATCH, (t, a, out) -> {
            int mask = a.intArg("mask");
            Resolved res = resolve(t, a, "pathname", (mask & Flags.IN_DONT_FOLLOW) == 0);
            int type = PathResolver.type(t, res.node());
            if (type == Flags.S_IFLNK) return -Errno.EOPNOTSUPP; // the magic link would lead past it
            if ((mask & Flags.IN_ONLYDIR) != 0 && type != Flags.S_IFDIR) return -Errno.ENOTDIR;
            Permissions.require(t, res.node(), Permissions.READ); // a watch tells what happens in it: read permission, as Linux asks
            return watch(t, a.descriptor("fd"), res.node(), mask & ~Flags.IN_DONT_FOLLOW);
        });
    }

    /** Through /proc/PID/fd, the container's file of that name, as for a reopen: guest code can hold
     * any host file by itself, and the kernel watches with none of Landlock's limits. */
    private static long watch(Task t, int inotify, Node node, int mask) {
        HostCalls h = t.host();
        return switch (NodeOps.named(t, node)) {
            case Node.InTree in -> {
                long fd = LinuxError.check(in.tree().open(h, in.rel(), Flags.O_PATH | Flags.O_CLOEXEC, 0));
                try {
                    yield add(h, inotify, "/proc/self/fd/" + fd, mask);
                } finally {
                    h.syscall(Sysno.CLOSE, fd);
                }
            }
            case Node.HostFile f -> add(h, inotify, f.hostPath(), mask);
            // Generated files (/proc's) change without writes a watch could see.
            default -> -Errno.EOPNOTSUPP;
        };
    }

    private static long add(HostCalls h, int inotify, String path, int mask) {
        return h.syscall(Sysno.INOTIFY_ADD_WATCH, inotify, h.cstring(path).address(), mask);
    }
}
