package dev.lamina.engine.host;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs work that makes blocking host calls (java.lang.foreign) on a platform thread of
 * its own: API routes run on virtual threads, which such calls would pin to their carrier.
 */
public final class PlatformThread {
    private PlatformThread() {}

    /** The work's result; what it throws is thrown here as it was. */
    public static <T> T call(String name, Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) throw x;
            if (cause instanceof Error x) throw x;
            throw e;
        }
    }
}
