package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.Resolved;

/** AF_UNIX sockets named by a path: the path is resolved in the container
 * and the init host binds or connects through the directory it gets back. */
final class SocketSyscalls {
    private SocketSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Protocol.OP_UNIX_PATH, SocketSyscalls::unixPath);
    }

    private static long unixPath(Task t, Request r, Reply out) {
        boolean create = r.arg(0) == 1;
        String path = r.string(0);
        if (path == null) return -Errno.EINVAL;
        Resolved res = t.kernel().resolver().resolve(t, t.process().cwd(), path, !create);
        if (!(res.node() instanceof Node.InTree in) || in.rel().isEmpty()) {
            // Nothing the kernel makes up is a socket.
            return create ? -Errno.EADDRINUSE : -Errno.ECONNREFUSED;
        }
        if (create) NodeOps.requireWritable(t, in);
        String rel = in.rel();
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        long dir = LinuxError.check(in.tree().open(t.host(), parent, Flags.O_PATH | Flags.O_DIRECTORY | Flags.O_CLOEXEC, 0));
        out.item(Kernel.cstring(rel.substring(slash + 1)));
        out.fd((int) dir, true);
        return 0;
    }

}
