package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;

/** Serves one request as it arrived (a Lamina op, or a routed call behind
 * its Args); returns the result (or throws LinuxError) and may add output
 * items or a fd to the reply. */
@FunctionalInterface
public interface Handler {
    long handle(Task t, Request r, Reply out);
}
