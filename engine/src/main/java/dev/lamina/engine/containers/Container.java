package dev.lamina.engine.containers;

import dev.lamina.kernel.Kernel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A container the engine knows: its record (what `inspect` shows, as kept on
 * disk), its directory (container.json, rootfs/, the kernel's state/, the
 * log), its output, and while it runs its kernel and standard streams.
 * Changes go through {@link Containers}, under this object's lock.
 */
public final class Container {
    private final Path dir;
    private final Output output;
    private volatile ContainerRecord record;
    volatile Kernel kernel;
    volatile Stdio stdio;
    /** Its embedded DNS while it runs on a user network (else null). */
    volatile dev.lamina.engine.networks.DnsServer dns;
    /** The health check of the current (or last) run; null when the container has none. */
    volatile Health health;
    /** Completed with the state at the end of the current (or next) run. */
    CompletableFuture<ContainerState> nextExit = new CompletableFuture<>();
    final CompletableFuture<ContainerState> removed = new CompletableFuture<>();
    /** Which restart its policy last scheduled (ended() counts them): a restart thread acts only for the latest. */
    long restartToken;
    /** Exec instances made in this container. */
    final java.util.List<String> execIds = new java.util.concurrent.CopyOnWriteArrayList<>();

    Container(Path dir, ContainerRecord record) {
        this.dir = dir;
        this.record = record;
        var host = record.config().hostConfig();
        this.output = new Output(host.keepsLogs() ? dir.resolve("container-json.log") : null, host.logConfig().rotation());
    }

    /** Its legacy links as its last start made them, for its execs' environment. */
    volatile List<Links.Link> links = List.of();

    public ContainerRecord record() { return record; }

    void record(ContainerRecord r) { record = r; }

    public String id() { return record.id(); }

    public String name() { return record.name(); }

    public Path dir() { return dir; }

    public Path rootfs() { return dir.resolve("rootfs"); }

    public Output output() { return output; }

    public boolean running() { return record.state().running(); }

    /** 409 for what needs it running, in moby's words (which say when it is between two runs of its policy). */
    public dev.lamina.engine.http.ApiException notRunning() {
        return dev.lamina.engine.http.ApiException.conflict(record.state().restarting()
                ? "Container " + id() + " is restarting, wait until the container is running" : "container " + id() + " is not running");
    }

    public Health health() { return health; }

    /** The kernel while the container runs (exec and stats reach its processes through it). */
    public Kernel kernel() { return kernel; }

    /** The host ports its published ports have while it runs; none when it does not run. */
    public java.util.List<dev.lamina.kernel.PortPlan.HostPort> publishedPorts() {
        Kernel k = kernel;
        return k == null ? java.util.List.of() : k.publishedPorts();
    }

    /**
     * Writes input from an attached client into the container's stdin, if it has one
     * open. Input that comes before the run starts (attach comes first in `docker run`)
     * waits for it; the client sends no more meanwhile.
     */
    public void input(byte[] bytes, Runnable taken) {
        synchronized (this) {
            if (stdio == null && record.config().stdinOpen() && !record.state().running()) {
                pending.input(bytes, taken);
                return;
            }
        }
        Stdio s = stdio;
        if (s == null) taken.run();
        else s.input(bytes, taken);
    }

    /** The attached client's stdin ended: with StdinOnce, so does the container's. */
    public void closeInput() {
        if (!Boolean.TRUE.equals(record.config().stdinOnce())) return;
        synchronized (this) {
            if (stdio == null && record.config().stdinOpen() && !record.state().running()) {
                pending.closeInput();
                return;
            }
        }
        Stdio s = stdio;
        if (s != null) s.closeInput();
    }

    /** Input held for the run about to start, handed to its streams. */
    private final PendingInput pending = new PendingInput();

    /** Called with the new run's streams (under this container's lock): what waited goes in first. */
    void started(Stdio s) {
        stdio = s;
        pending.handTo(s);
    }

    /** `resize`: the terminal's size; false when the container has no terminal or is not running. */
    public boolean resize(int rows, int cols) {
        Stdio s = stdio;
        if (s == null || !s.terminal()) return false;
        s.resize(rows, cols);
        return true;
    }
}
