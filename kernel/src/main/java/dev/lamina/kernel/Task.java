package dev.lamina.kernel;

import dev.lamina.kernel.channel.Channel;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.FsContext;
import dev.lamina.kernel.proc.GuestProcess;

/** The guest thread a call comes from: its process, its tid, the kernel
 * thread's host-call context serving it, and the channel the call came on
 * (null for the kernel's own work on a process), where a call that blocks
 * learns of a signal (Protocol.OP_INTERRUPT). */
public record Task(Kernel kernel, GuestProcess process, int tid, HostCalls host, Channel channel) {
    public Task(Kernel kernel, GuestProcess process, int tid, HostCalls host) {
        this(kernel, process, tid, host, null);
    }

    /** The calling thread's root, working directory and umask. */
    public FsContext fs() { return process.fs(tid); }
}
