package dev.lamina.kernel;

import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.GuestProcess;

/** The guest thread a call comes from: its process, its tid, and the
 * kernel thread's host-call context serving it. */
public record Task(Kernel kernel, GuestProcess process, int tid, HostCalls host) {}
