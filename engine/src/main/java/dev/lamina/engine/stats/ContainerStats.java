package dev.lamina.engine.stats;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.host.PlatformThread;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.Kernel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `GET /containers/{id}/stats`: what a container's processes use, summed over its host
 * processes (no cgroup holds them): CPU time from /proc/PID/stat (with that of the
 * children each has reaped), memory as resident set size, threads, bytes read and
 * written; the host's CPU time and memory for the CLI's percentages. Docker's field
 * names; what cgroups alone know (throttling, per-CPU time on cgroup v2, page cache)
 * is left out or zero, as moby leaves it on cgroup v2.
 */
public final class ContainerStats {
    static final String NEVER = "0001-01-01T00:00:00Z";

    private ContainerStats() {}

    /** One reading. */
    public record Sample(Instant read, long userNanos, long kernelNanos, long systemNanos, int onlineCpus, long memory,
                         long memoryLimit, long pids, long ioRead, long ioWrite) {}

    /** A reading of a running container's processes; null when it does not run. */
    public static Sample sample(Container c) throws Exception {
        Kernel k = c.kernel();
        if (k == null || !c.running()) return null;
        long limit = k.limits().memory();
        return PlatformThread.call("stats-" + c.id().substring(0, 12), () -> of(ContainerProcesses.of(k), limit));
    }

    /** {@code memoryLimit}: the container's (--memory), or ContainerConfig.Limits.MAX for the host's memory, as Docker shows it. */
    private static Sample of(ContainerProcesses processes, long memoryLimit) {
        long user = 0, kernel = 0, rss = 0, threads = 0, read = 0, written = 0;
        for (ProcStat s : processes.all()) {
            user += s.utime() + s.cutime();
            kernel += s.stime() + s.cstime();
            rss += HostProc.status(s.pid(), "VmRSS") * 1024;
            threads += s.threads();
            read += HostProc.io(s.pid(), "read_bytes");
            written += HostProc.io(s.pid(), "write_bytes");
        }
        return new Sample(Instant.now(), user * HostProc.NANOS_PER_TICK, kernel * HostProc.NANOS_PER_TICK,
                HostProc.systemTicks() * HostProc.NANOS_PER_TICK, HostProc.onlineCpus(), rss,
                memoryLimit == ContainerConfig.Limits.MAX ? HostProc.memTotal() : Math.min(memoryLimit, HostProc.memTotal()), threads,
                read, written);
    }

    /** Docker's stats object for {@code now}, with {@code before} as its "pre" figures; zeros for a container that does not run (null). */
    public static Map<String, Object> json(Container c, Sample now, Sample before) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("read", now == null ? NEVER : now.read().toString());
        j.put("preread", before == null ? NEVER : before.read().toString());
        j.put("pids_stats", now == null ? Map.of() : Map.of("current", now.pids()));
        j.put("blkio_stats", blkio(now));
        j.put("num_procs", 0);
        j.put("storage_stats", Map.of());
        j.put("cpu_stats", cpu(now));
        j.put("precpu_stats", cpu(before));
        j.put("memory_stats", memory(now));
        j.put("name", "/" + c.name());
        j.put("id", c.id());
        return j;
    }

    private static Map<String, Object> cpu(Sample s) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", s == null ? 0 : s.userNanos() + s.kernelNanos());
        usage.put("usage_in_kernelmode", s == null ? 0 : s.kernelNanos());
        usage.put("usage_in_usermode", s == null ? 0 : s.userNanos());
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("cpu_usage", usage);
        if (s != null) {
            cpu.put("system_cpu_usage", s.systemNanos());
            cpu.put("online_cpus", s.onlineCpus());
        }
        cpu.put("throttling_data", Map.of("periods", 0, "throttled_periods", 0, "throttled_time", 0));
        return cpu;
    }

    private static Map<String, Object> memory(Sample s) {
        if (s == null) return Map.of();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", s.memory());
        // Resident memory holds no page cache: none of it is inactive file pages the CLI would subtract.
        m.put("stats", Map.of("rss", s.memory(), "inactive_file", 0));
        m.put("limit", s.memoryLimit());
        return m;
    }

    private static Map<String, Object> blkio(Sample s) {
        Map<String, Object> b = new LinkedHashMap<>();
        List<Map<String, Object>> bytes = null;
        if (s != null) {
            bytes = new ArrayList<>();
            bytes.add(Map.of("major", 0, "minor", 0, "op", "read", "value", s.ioRead()));
            bytes.add(Map.of("major", 0, "minor", 0, "op", "write", "value", s.ioWrite()));
        }
        for (String k : List.of("io_service_bytes_recursive", "io_serviced_recursive", "io_queue_recursive",
                "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive",
                "sectors_recursive"))
            b.put(k, k.equals("io_service_bytes_recursive") ? bytes : null);
        return b;
    }
}
