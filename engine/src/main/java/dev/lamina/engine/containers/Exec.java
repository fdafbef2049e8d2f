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

    Exec(String id, Container container, ExecRequest request) {
        this.id = id;
        this.container = container;
        this.request = request;
    }

    public String id() { return id; }

    public Container container() { return container; }

    public ExecRequest request() { return request; }

    public boolean running() { return running; }

    /** Null until it has ended. */
    public Integer exitCode() { return exitCode; }

    public List<String> command() { return request.cmd(); }

    public void input(byte[] bytes, Runnable taken) {
        Stdio s = stdio;
        if (s == null) taken.run();
        else s.input(bytes, taken);
    }

    public void closeInput() {
        Stdio s = stdio;
        if (s != null) s.closeInput();
    }

    public boolean resize(int rows, int cols) {
        Stdio s = stdio;
        if (s == null || !s.terminal()) return false;
        s.resize(rows, cols);
        return true;
    }
}
