package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;

/** Routes each request to its handler: Linux calls by number, Lamina's own
 * operations by their op. Anything unknown is ENOSYS. */
public final class SyscallTable {
    private final Handler[] syscalls = new Handler[512];
    private final Handler[] ops = new Handler[32];

    public SyscallTable() {
        FileSyscalls.register(this);
        DirSyscalls.register(this);
        IdentitySyscalls.register(this);
        ProcessSyscalls.register(this);
        SystemSyscalls.register(this);
        SocketSyscalls.register(this);
    }

    void on(int nr, Handler h) {
        if (nr >= Protocol.OP_BASE) ops[nr - Protocol.OP_BASE] = h;
        else syscalls[nr] = h;
    }

    public long call(Task t, Request r, Reply out) {
        int op = r.op();
        Handler h = op >= 0 && op < syscalls.length ? syscalls[op]
                : op > Protocol.OP_BASE && op - Protocol.OP_BASE < ops.length ? ops[op - Protocol.OP_BASE] : null;
        if (h == null) return -Errno.ENOSYS;
        return h.handle(t, r, out);
    }
}
