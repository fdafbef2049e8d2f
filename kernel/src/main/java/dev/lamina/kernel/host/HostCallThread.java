package dev.lamina.kernel.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * One platform thread of the kernel's that makes host calls for others, with
 * host credentials or confinement of its own (Linux keeps both per thread):
 * set up once by {@code setup} on the thread, then every call queued to it
 * runs there in turn.
 */
public final class HostCallThread implements AutoCloseable {
    private record Work(ToLongFunction<HostCalls> call, CompletableFuture<Long> done) {}

    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    public HostCallThread(String name, Consumer<HostCalls> setup) {
        thread = Thread.ofPlatform().daemon().name(name).start(() -> serve(setup));
    }

    private void serve(Consumer<HostCalls> setup) {
        try (HostCalls h = new HostCalls()) {
            Throwable unset = setUp(h, setup);
            while (true) {
                Work w = queue.take();
                // A setup that failed is tried again before each call, which fails with its error rather than run unset.
                if (unset != null) unset = setUp(h, setup);
                try {
                    if (unset != null) w.done.completeExceptionally(unset);
                    else w.done.complete(w.call.applyAsLong(h));
                } catch (Throwable e) { // this thread serves on, or every later call waits for ever
                    w.done.completeExceptionally(e);
                } finally {
                    h.release();
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Runs setup on this thread: null, or what it threw. */
    private static Throwable setUp(HostCalls h, Consumer<HostCalls> setup) {
        try {
            setup.accept(h);
            return null;
        } catch (Throwable e) {
            return e;
        } finally {
            h.release();
        }
    }

    /** Runs call on this thread and returns its result. */
    public long run(ToLongFunction<HostCalls> call) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new Work(call, done));
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
