package dev.lamina.kernel.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * `--memory` without a cgroup: the container's resident memory, summed over its processes
 * every {@link #PERIOD_MILLIS}, and while it is above the limit the process holding the
 * most is killed (SIGKILL), as the cgroup's OOM killer picks one, and the container is
 * marked OOM-killed. Polled: a process that allocates fast can pass the limit for up to a
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
    private volatile boolean killed, closed;

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

    /** Whether a process was killed for passing the limit. */
    public boolean killed() { return killed; }

    private void watch() {
        while (!closed) {
            long total = 0, largest = -1;
            GuestProcess biggest = null;
            for (GuestProcess p : processes.all()) {
                HostProcess h = p.host();
                if (h == null || p.state() != GuestProcess.State.RUNNING) continue;
                long rss = resident(h.pid());
                total += rss;
                if (rss > largest) {
                    largest = rss;
                    biggest = p;
                }
            }
            long now = limit.getAsLong();
            if (now >= 0 && total > now && biggest != null) {
                killed = true;
                kill.accept(biggest);
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The resident bytes of host process pid (0 once it is gone). */
    static long resident(int pid) {
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
