package dev.lamina.engine.containers;

/** Where a process's output goes as it comes: a container's {@link Output}, or an exec's client. */
public interface OutputSink {
    void write(int stream, byte[] bytes);
}
