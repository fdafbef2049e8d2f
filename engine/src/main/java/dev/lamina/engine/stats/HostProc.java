package dev.lamina.engine.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads of the host's /proc: its processes, its CPU time and memory. */
final class HostProc {
    /** USER_HZ, the unit of /proc's times: 100 on every Linux architecture Lamina runs on. */
    static final long TICKS_PER_SECOND = 100;
    static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;
    private static final Path PROC = Path.of("/proc");

    private HostProc() {}

    /** Every host process now, by pid. */
    static Map<Integer, ProcStat> all() {
        Map<Integer, ProcStat> all = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path d : dirs) {
                int pid = Integer.parseInt(d.getFileName().toString());
                ProcStat s = stat(pid);
                if (s != null) all.put(pid, s);
            }
        } catch (IOException e) {
            // /proc unreadable: no processes to count
        }
        return all;
    }

    static ProcStat stat(int pid) {
        String line = read(PROC.resolve(pid + "/stat"));
        return line == null ? null : ProcStat.parse(pid, line);
    }

    /** A number from /proc/PID/status ("VmRSS:  1234 kB" gives 1234), or 0. */
    static long status(int pid, String key) {
        return field(read(PROC.resolve(pid + "/status")), key + ":");
    }

    /** A counter from /proc/PID/io (read_bytes, write_bytes), 0 when it cannot be read. */
    static long io(int pid, String key) {
        return field(read(PROC.resolve(pid + "/io")), key + ":");
    }

    /** The host's CPU time so far, all CPUs, in ticks: user, nice, system, idle, iowait, irq, softirq (as moby sums them). */
    static long systemTicks() {
        String stat = read(PROC.resolve("stat"));
        if (stat == null) return 0;
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        long sum = 0;
        for (int i = 1; i < Math.min(8, f.length); i++) sum += Long.parseLong(f[i]);
        return sum;
    }

    /** CPUs /proc/stat counts (its "cpuN" lines), which systemTicks covers. */
    static int onlineCpus() {
        String stat = read(PROC.resolve("stat"));
        if (stat == null) return Runtime.getRuntime().availableProcessors();
        int n = 0;
        for (String line : stat.split("\n")) if (line.matches("cpu[0-9]+ .*")) n++;
        return n;
    }

    /** The boot time, in seconds since the epoch (btime). */
    static long bootTime() {
        return field(read(PROC.resolve("stat")), "btime");
    }

    /** The host's memory in bytes. */
    static long memTotal() {
        return field(read(PROC.resolve("meminfo")), "MemTotal:") * 1024;
    }

    /** Seconds since boot. */
    static double uptime() {
        String s = read(PROC.resolve("uptime"));
        return s == null ? 0 : Double.parseDouble(s.trim().split("\\s+")[0]);
    }

    private static long field(String text, String key) {
        if (text == null) return 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(key)) continue;
            String[] f = line.substring(key.length()).trim().split("\\s+");
            try {
                return Long.parseLong(f[0]);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1); // a comm may be any bytes
        } catch (IOException e) {
            return null; // gone, or not ours to read
        }
    }
}
