package dev.lamina.kernel.net;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCallThread;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.ToLongFunction;

/**
 * A container's abstract AF_UNIX names. Abstract stream sockets are made,
 * bound and connected on one kernel thread of the container's own, under a
 * Landlock domain that scopes abstract sockets (ABI 6): Linux then lets it
 * connect only to sockets that thread made, so a guest never reaches a
 * host's abstract socket (an X server's, a session bus's) nor another
 * container's, as a network namespace of its own would keep it. With
 * confinement off, or on a kernel without that scope, the thread is not
 * confined (the init host has said so on the container's stderr).
 */
public final class AbstractUnixNames implements AutoCloseable {
    private final HostCallThread thread;

    public AbstractUnixNames(boolean confined) {
        thread = new HostCallThread("lamina-abstract-unix", h -> {
            if (confined) scope(h);
        });
    }

    /** This thread alone (Landlock domains are per thread) under the abstract-socket scope; nothing else handled. */
    private static void scope(HostCalls h) {
        MemorySegment attr = h.scratch(Layouts.LANDLOCK_RULESET_ATTR_SIZE);
        attr.set(ValueLayout.JAVA_LONG, Layouts.LANDLOCK_RULESET_ATTR_SCOPED, Flags.LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
        long ruleset = h.syscall(Sysno.LANDLOCK_CREATE_RULESET, attr.address(), Layouts.LANDLOCK_RULESET_ATTR_SIZE, 0);
        if (ruleset < 0) return; // no Landlock, or no scopes (before ABI 6)
        if (h.syscall(Sysno.PRCTL, Flags.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
            h.syscall(Sysno.LANDLOCK_RESTRICT_SELF, ruleset, 0);
        h.syscall(Sysno.CLOSE, ruleset);
    }

    /** Runs call on the container's abstract-socket thread and returns its result. */
    public long run(ToLongFunction<HostCalls> call) {
        return thread.run(call);
    }

    @Override
    public void close() {
        thread.close();
    }
}
