package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;

/** The working directory: chdir, fchdir, getcwd. */
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
        table.on(Syscalls.GETCWD, (t, a, out) -> getcwd(t, a.arg("size"), out));
    }

    private static long chdir(Task t, Resolved res) {
        if (PathResolver.type(t, res.node()) != Flags.S_IFDIR) {
            NodeOps.stat(t, res.node());
            throw new LinuxError(Errno.ENOTDIR);
        }
        if (!Permissions.mayLookUp(t, res.node())) return -Errno.EACCES;
        t.process().cwd(res.path());
        return 0;
    }

    private static long getcwd(Task t, long size, Reply out) {
        byte[] cwd = Kernel.cstring(t.process().cwd());
        if (size < cwd.length) return -Errno.ERANGE;
        out.item(cwd);
        return cwd.length;
    }
}
