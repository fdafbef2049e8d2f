package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.channel.Protocol;

/** System V IPC (the container's namespace: kernel.ipc), and the interrupt
 * a signal sends a call blocked in it, which takes effect in the wait
 * itself (ipc.Waiter): as news, it is nothing more. */
final class IpcSyscalls {
    private IpcSyscalls() {}

    static void register(SyscallTable table) {
        table.onOp(Protocol.OP_IPC, (t, r, out) -> t.kernel().ipc().call(t, r, out));
        table.onOp(Protocol.OP_INTERRUPT, (t, r, out) -> 0);
    }
}
