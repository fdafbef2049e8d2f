import dev.lamina.app.AppSettings;
import dev.lamina.app.ContainerRow;
import dev.lamina.app.LaminaApp;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * The desktop app with many containers whose stats stream: java AppScale.java DOCKER_HOST N SECONDS.
 * Opens the app's window on the engine, waits until its table has N rows each with a memory
 * figure (a stats reading), then prints "measure start", lets it run SECONDS with every
 * stats stream updating its row, and prints "measure end". Run with -Djavafx.pulseLogger=true:
 * bench/app-scale.sh reads each pulse's time between the two lines, and the collector's pauses
 * between them from the JVM's safepoint log.
 */
public class AppScale {
    public static void main(String[] args) throws Exception {
        URI host = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        CompletableFuture<LaminaApp> started = new CompletableFuture<>();
        Platform.startup(() -> {
            LaminaApp app = new LaminaApp(new AppSettings(host, Optional.empty()));
            app.start(new Stage());
            started.complete(app);
        });
        LaminaApp app = started.get(60, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        int[] streaming = {0};
        while (true) {
            boolean all = fx(() -> {
                @SuppressWarnings("unchecked")
                TableView<ContainerRow> table = (TableView<ContainerRow>) app.tabs().getScene().lookup("#containers-table");
                streaming[0] = (int) table.getItems().stream().filter(r -> r.memoryProperty().get().endsWith("B")).count();
                return table.getItems().size() >= n && streaming[0] >= n;
            });
            if (all) break;
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(180)) {
                System.out.println("app-scale: after 180 s, " + streaming[0] + " of " + n + " rows had stats");
                System.exit(1);
            }
            Thread.sleep(200);
        }
        System.out.printf("rows with stats: %d, after %.1f s%n", streaming[0], (System.nanoTime() - t0) / 1e9);
        // With the JVM's uptime, which its safepoint log is stamped with: the JVM's stops (the
        // collector's pauses) stand the UI still between pulses, which the pulse logger does not time.
        var runtime = java.lang.management.ManagementFactory.getRuntimeMXBean();
        System.out.println("measure start at " + runtime.getUptime() + " ms");
        Thread.sleep(seconds * 1000L);
        System.out.println("measure end at " + runtime.getUptime() + " ms");
        Platform.runLater(() -> {
            app.stop();
            Platform.exit();
        });
        System.exit(0);
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(read.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }
}
