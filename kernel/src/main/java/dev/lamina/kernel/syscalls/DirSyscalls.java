package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;

/** The working directory: chdir, fchdir, getcwd. */
final class DirSyscalls {
    private DirSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Sysno.CHDIR, (t, r, out) -> chdir(t, PathArgs.resolve(t, r, 0, true)));
        table.on(Sysno.FCHDIR, (t, r, out) -> {
            Resolved dir = PathArgs.fd(t, r, 0);
            // A directory the container has no name for cannot be its cwd.
            if (dir.node() instanceof Node.OpenFile) return -Errno.EACCES;
            return chdir(t, dir);
        });
        table.on(Sysno.GETCWD, (t, r, out) -> getcwd(t, r.arg(1), out));
    }

    private static long chdir(Task t, Resolved res) {
        if (PathResolver.type(t, res.node()) != Flags.S_IFDIR) {
            NodeOps.stat(t, res.node());
            throw new LinuxError(Errno.ENOTDIR);
        }
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
