package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Served;
import dev.lamina.kernel.abi.SyscallSpec;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;

/** Routes each request to its handler: Linux calls by number, Lamina's own
 * operations by their op. The calls lkl-common/syscalls.tbl refuses are
 * refused from the table; anything else unknown is ENOSYS. */
public final class SyscallTable {
    private final Handler[] syscalls = new Handler[Syscalls.TABLE_SIZE];
    private final Handler[] ops = new Handler[32];

    public SyscallTable() {
        OpenStatSyscalls.register(this);
        NameSyscalls.register(this);
        MetadataSyscalls.register(this);
        DirSyscalls.register(this);
        IdentitySyscalls.register(this);
        CapabilitySyscalls.register(this);
        ProcessSyscalls.register(this);
        ProcessTuningSyscalls.register(this);
        SystemSyscalls.register(this);
        SocketSyscalls.register(this);
        WatchSyscalls.register(this);
        XattrSyscalls.register(this);
        IpcSyscalls.register(this);
        for (SyscallSpec s : Syscalls.ALL)
            if (s.served() instanceof Served.Refused(int errno)) on(s, (t, a, out) -> -errno);
    }

    /** The handler of a call the table routes to the kernel; a handler for any other call is a mistake. */
    void on(SyscallSpec s, SyscallHandler h) {
        if (!s.served().routed()) throw new IllegalStateException(s.name() + " is not routed to the kernel in syscalls.tbl");
        if (syscalls[s.nr()] != null) throw new IllegalStateException(s.name() + " has two handlers");
        syscalls[s.nr()] = (t, r, out) -> h.handle(t, new Args(r, s), out);
    }

    void onOp(int op, Handler h) { ops[op - Protocol.OP_BASE] = h; }

    /** Whether a Linux call has a handler (or a refusal). */
    boolean handles(int nr) { return syscalls[nr] != null; }

    public long call(Task t, Request r, Reply out) {
        int op = r.op();
        Handler h = op >= 0 && op < syscalls.length ? syscalls[op]
                : op > Protocol.OP_BASE && op - Protocol.OP_BASE < ops.length ? ops[op - Protocol.OP_BASE] : null;
        if (h == null) return -Errno.ENOSYS;
        return h.handle(t, r, out);
    }
}
