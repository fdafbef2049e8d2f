package dev.lamina.kernel.ipc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM memory a namespace's semaphores, SEM_UNDO adjustments and
 * queued messages take. Linux charges them to the container's memory
 * cgroup; here they are the engine's heap, which every container shares,
 * so each namespace has a budget, and all of them together one more.
 * Charged under the owning registry's lock.
 */
final class IpcMemory {
    /** A namespace's budget: far beyond what programs keep in System V objects (PostgreSQL: none). */
    static final long NAMESPACE_BUDGET = 64L << 20;
    /** All namespaces' together: a quarter of the heap. */
    private static final long ALL_BUDGET = Runtime.getRuntime().maxMemory() / 4;
    private static final AtomicLong ALL = new AtomicLong();
    /** What each object costs besides its contents (headers, arrays' own). */
    static final long OVERHEAD = 64;

    private long used;

    /** Takes bytes from both budgets, or takes nothing and says no. */
    synchronized boolean charge(long bytes) {
        if (used + bytes > NAMESPACE_BUDGET) return false;
        if (ALL.addAndGet(bytes) > ALL_BUDGET) {
            ALL.addAndGet(-bytes);
            return false;
        }
        used += bytes;
        return true;
    }

    synchronized void uncharge(long bytes) {
        used -= bytes;
        ALL.addAndGet(-bytes);
    }

    /** The namespace is gone: its objects with it. */
    synchronized void release() {
        ALL.addAndGet(-used);
        used = 0;
    }
}
