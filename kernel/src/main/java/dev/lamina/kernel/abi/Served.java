package dev.lamina.kernel.abi;

/** Where a system call is served (lkl-common/syscalls.tbl's served column). */
public sealed interface Served {
    /** Sent to the kernel, always or at the init host's pick: a handler or a refusal answers it. */
    default boolean routed() { return false; }

    /** Runs on the host as it is. */
    record Host() implements Served {}

    /** Answered or translated by the init host. */
    record Init() implements Served {}

    /** Sent by the init host when it picks (dispatch.c), a kernel handler serving those; the rest run on the host. */
    record Part() implements Served {
        @Override public boolean routed() { return true; }
    }

    /** Routed; a kernel handler serves it. */
    record Kernel() implements Served {
        @Override public boolean routed() { return true; }
    }

    /** Routed, so no guest path reaches the host; the kernel answers -errno. */
    record Refused(int errno) implements Served {
        @Override public boolean routed() { return true; }
    }
}
