package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The layers of a pull or push, a few at a time on daemon threads; the first failure (in order) is thrown, the rest stopped. */
final class Parallel {
    private Parallel() {}

    /** One layer's work. */
    interface Task {
        void run() throws IOException;
    }

    static void run(String threadName, int threads, List<Task> tasks, String label) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Task task : tasks) running.add(pool.submit(() -> {
                task.run();
                return null;
            }));
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new ImageException(label + ": " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageException(label + ": interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
