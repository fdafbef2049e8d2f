package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Reply;

/** Serves one routed system call, reading its arguments by name; returns
 * the call's result (or throws LinuxError) and may add output items or a fd
 * to the reply. */
@FunctionalInterface
interface SyscallHandler {
    long handle(Task t, Args a, Reply out);
}
