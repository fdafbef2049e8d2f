package dev.lamina.kernel;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The platform threads that serve channels, shared by all kernels of the
 * JVM and kept for reuse: a channel's thread blocks in the host while its
 * guest thread runs, so each channel needs one, but starting a container
 * should not pay for creating it.
 */
final class KernelThreads {
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("lamina-kernel-", 0).factory());

    // Each pooled thread keeps its host-call context and its own umask
    // (unshare(CLONE_FS)): the kernel's, a guest's while it makes a guest's file.
    private static final ThreadLocal<HostCalls> HOST = ThreadLocal.withInitial(() -> {
        HostCalls h = new HostCalls();
        h.syscall(Sysno.UNSHARE, Flags.CLONE_FS);
        h.syscall(Sysno.UMASK, HostCalls.KERNEL_UMASK);
        return h;
    });

    private KernelThreads() {}

    static void start(Consumer<HostCalls> work) {
        POOL.execute(() -> {
            HostCalls h = HOST.get();
            try {
                work.accept(h);
            } finally {
                h.endRequest();
                h.forgetDirectories();
            }
        });
    }
}
