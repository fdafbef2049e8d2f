package dev.lamina.app;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Where every blocking call goes: off the JavaFX thread, with its result or its
 * failure handed back to that thread.
 */
public final class Background {
    private static final ExecutorService THREADS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lamina-app-", 0).factory());

    private Background() {}

    public static <T> void run(Callable<T> work, Consumer<? super T> then, Consumer<Throwable> failed) {
        THREADS.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> then.accept(result));
            } catch (Exception | Error e) {
                Platform.runLater(() -> failed.accept(e));
            }
        });
    }

    /** A call with nothing to hand back. */
    public static void run(Call work, Runnable then, Consumer<Throwable> failed) {
        run(() -> {
            work.call();
            return null;
        }, _ -> then.run(), failed);
    }

    @FunctionalInterface
    public interface Call {
        void call() throws Exception;
    }
}
