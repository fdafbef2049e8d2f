package dev.lamina.app;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import java.io.Closeable;
import java.io.IOException;
import java.util.Locale;
import javafx.application.Platform;

/**
 * A running container's CPU and memory, from the engine's stats stream (one
 * reading a second, pushed by the engine), into its row. Closed when the
 * container stops or goes.
 */
final class StatsFeed implements Closeable {
    private final Closeable stream;

    private StatsFeed(Closeable stream) {
        this.stream = stream;
    }

    static StatsFeed follow(Docker docker, ContainerRow row) {
        ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                String cpu = cpuPercent(s);
                Long used = s.getMemoryStats() == null ? null : s.getMemoryStats().getUsage();
                String memory = used == null ? "" : Formats.size(used);
                Platform.runLater(() -> row.usage(cpu, memory));
            }
        };
        docker.client().statsCmd(row.id()).exec(callback);
        return new StatsFeed(callback);
    }

    /** As docker stats computes it: the container's share of the host's CPU time since the reading before, times the CPUs. */
    static String cpuPercent(Statistics s) {
        CpuStatsConfig now = s.getCpuStats(), before = s.getPreCpuStats();
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
                || now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null)
            return "";
        long cpu = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
        long system = now.getSystemCpuUsage() - before.getSystemCpuUsage();
        long cpus = now.getOnlineCpus() == null ? 1 : now.getOnlineCpus();
        if (system <= 0 || cpu < 0) return "";
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * cpu / system * cpus);
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // The stream is dropped either way.
        }
    }
}
