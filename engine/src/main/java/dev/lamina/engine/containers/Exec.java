package dev.lamina.engine.containers;

import java.util.List;

/** An exec instance: made by `exec` create, run once by `exec start`, its exit code kept for `exec inspect`. */
public final class Exec {
    private final String id;
    private final Container container;
    private final ExecRequest request;
    volatile boolean running;
    volatile boolean started;
    volatile Integer exitCode;
    volatile Stdio stdio;
    /** The container's pid of its process, once it has one (0 before). */
    volatile int pid;
    private final PendingInput pending = new PendingInput();

    Exec(String id, Container container, ExecRequest request) {
        this.id = id;
        this.container = container;
        this.request = request;
    }

    public String id() { return id; }

    public Container container() { return container; }

    public ExecRequest request() { return request; }

    public boolean running() { return running; }

    /** The host's pid of its process while it runs, as moby's exec inspect shows it; 0 otherwise. */
    public int hostPid() {
        dev.lamina.kernel.Kernel k = container.kernel();
        dev.lamina.kernel.proc.GuestProcess p = !running || pid <= 0 || k == null ? null : k.processes().get(pid);
        return p == null || p.hostPid() <= 0 ? 0 : p.hostPid();
    }

    /** Null until it has ended. */
    public Integer exitCode() { return exitCode; }

    public List<String> command() { return request.cmd(); }

    /**
     * Writes an attached client's input into the exec's stdin. The client may send
     * it before the exec's streams exist (`exec start` hijacks first): it waits.
     */
    public void input(byte[] bytes, Runnable taken) {
        synchronized (this) {
            if (stdio == null && exitCode == null) {
                pending.input(bytes, taken);
                return;
            }
        }
        Stdio s = stdio;
        if (s == null) taken.run();
        else s.input(bytes, taken);
    }

    public void closeInput() {
        synchronized (this) {
            if (stdio == null && exitCode == null) {
                pending.closeInput();
                return;
            }
        }
        Stdio s = stdio;
        if (s != null) s.closeInput();
    }

    /** The exec's streams exist: what waited goes in first. */
    synchronized void streams(Stdio s) {
        stdio = s;
        pending.handTo(s);
    }

    /** The exec is over (or never ran): its exit code, and whatever input still waited dropped. */
    synchronized void ended(int code) {
        exitCode = code;
        running = false;
        stdio = null;
        pending.handTo(null);
    }

    /** Kills the exec's process if it runs (moby's way with a health probe past its timeout). */
    public void kill() {
        var k = container.kernel();
        if (pid > 0 && k != null) k.signal(pid, dev.lamina.kernel.abi.Flags.SIGKILL);
    }

    public boolean resize(int rows, int cols) {
        Stdio s = stdio;
        if (s == null || !s.terminal()) return false;
        s.resize(rows, cols);
        return true;
    }
}
