package dev.lamina.kernel.abi;

/** Where a system call is served (lkl-common/syscalls.tbl's served column). */
public sealed interface Served {
    /** Routed to the kernel: a handler or a refusal answers it. */
    default boolean routed() { return false; }

    /** Runs on the host as it is. */
    record Host() implements Served {}

    /** Answered or translated by the init host. */
    record Init() implements Served {}

    /** Routed; a kernel handler serves it. */
    record Kernel() implements Served {
        @Override public boolean routed() { return true; }
    }

    /** Routed, so no guest path reaches the host; the kernel answers -errno. */
    record Refused(int errno) implements Served {
        @Override public boolean routed() { return true; }
    }
}
