package dev.lamina.kernel.proc;

import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * `--memory` without a cgroup: the container's memory, summed over its processes every
 * {@link #PERIOD_MILLIS} (resident, and past the limit proportional: see watch), and while
 * it is above the limit the process holding the most is killed (SIGKILL), as the cgroup's
 * OOM killer picks one, and the container is marked OOM-killed. Polled: a process that allocates fast can pass the limit for up to a
 * period before it is killed, where a cgroup stops it at the page that passes it.
 */
public final class MemoryLimit implements AutoCloseable {
    static final long PERIOD_MILLIS = 20;
    /** /proc/PID/statm counts pages of this size (every Linux host Lamina runs on). */
    private static final long PAGE = 4096;

    private final ProcessTable processes;
    /** The limit in bytes, as it is now (`docker update` changes it); negative: none. */
    private final LongSupplier limit;
    private final Consumer<GuestProcess> kill;
    private final Thread watcher;
    private volatile boolean closed;
    /** The process killed last, and the one holding the most at the last count (the watcher's own). */
    private GuestProcess victim, biggest;
    /** The processes killed for passing the limit (a cgroup's memory.events oom_kill). */
    private final java.util.concurrent.atomic.AtomicInteger kills = new java.util.concurrent.atomic.AtomicInteger();

    private MemoryLimit(ProcessTable processes, LongSupplier limit, Consumer<GuestProcess> kill) {
        this.processes = processes;
        this.limit = limit;
        this.kill = kill;
        this.watcher = Thread.ofPlatform().daemon().name("memory-limit").unstarted(this::watch);
    }

    /** Watches the processes of the table against {@code limit} bytes (none while negative); {@code kill} sends SIGKILL to one. */
    public static MemoryLimit watch(ProcessTable processes, LongSupplier limit, Consumer<GuestProcess> kill) {
        MemoryLimit m = new MemoryLimit(processes, limit, kill);
        m.watcher.start();
        return m;
    }

    /** How many processes were killed for passing the limit. */
    public int kills() { return kills.get(); }

    private void watch() {
        try (HostCalls h = new HostCalls()) {
            watch(h);
        }
    }

    private void watch(HostCalls h) {
        while (!closed) {
            long now = limit.getAsLong();
            // Resident memory counts the pages forked processes share once in each (a fork's copy-on-write
            // pages, shared memory): over the limit by it, the proportional share (Pss) decides, as a cgroup
            // charges a page once. A process killed and still dying is waited for before any other is.
            if (now >= 0 && (victim == null || victim.host().ended(h)) && total(false) > now) {
                long pss = total(true);
                if (pss > now && biggest != null) {
                    kills.incrementAndGet();
                    victim = biggest;
                    kill.accept(biggest);
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The container's memory, resident or proportional, summed over its running processes; {@link #biggest} the one holding the most. */
    private long total(boolean proportional) {
        long total = 0, largest = -1;
        biggest = null;
        for (GuestProcess p : processes.all()) {
            HostProcess h = p.host();
            if (h == null || p.state() != GuestProcess.State.RUNNING) continue;
            long bytes = proportional ? proportional(h.pid()) : resident(h.pid());
            total += bytes;
            if (bytes > largest) {
                largest = bytes;
                biggest = p;
            }
        }
        return total;
    }

    /** The proportional set size of host process pid, in bytes (0 once it is gone): smaps_rollup's Pss. */
    static long proportional(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps_rollup")))
                if (line.startsWith("Pss:")) return Long.parseLong(line.substring(4).trim().split(" ")[0]) * 1024;
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** The resident bytes of host process pid (0 once it is gone): statm's second field, in pages. */
    public static long resident(int pid) {
        try {
            String[] f = Files.readString(Path.of("/proc", Integer.toString(pid), "statm")).trim().split(" ");
            return Long.parseLong(f[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
