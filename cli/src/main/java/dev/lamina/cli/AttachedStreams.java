package dev.lamina.cli;

import dev.lamina.cli.client.MultiplexedStream;
import dev.lamina.cli.client.Response;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.RawMode;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A container's or an exec's streams on a connection the engine took over,
 * relayed to lamina's own: its output to stdout and stderr (kept apart when it
 * has no terminal), lamina's input until its end, which then ends the
 * container's. With a terminal: the user's in raw mode while keys go to it
 * (Ctrl-C reaches it as a byte), and the user's window size followed, checked
 * four times a second as `lamina run -t` does in-process.
 */
final class AttachedStreams implements AutoCloseable {
    private static final int STDIN = 0;

    private final Response connection;
    private final Thread output;
    private final RawMode raw;
    private final Thread restorer;
    private volatile boolean closing;

    private AttachedStreams(Response connection, boolean terminal, boolean input, WindowSize size, Consumer<WindowSize> resize) {
        this.connection = connection;
        try (HostCalls h = new HostCalls()) {
            raw = terminal && input ? RawMode.enter(h, STDIN) : null;
        }
        restorer = new Thread(this::restore, "lamina-terminal-restore");
        Runtime.getRuntime().addShutdownHook(restorer);
        output = Thread.ofPlatform().daemon().name("lamina-output").start(() -> copyOut(terminal));
        // Daemons: a read of stdin blocks on, with nothing to wake it, after the container's end.
        if (input) Thread.ofPlatform().daemon().name("lamina-input").start(this::copyIn);
        if (terminal && size != null) Thread.ofPlatform().daemon().name("lamina-terminal-size").start(() -> followSize(size, resize));
    }

    /**
     * Starts relaying {@code connection}; with {@code input}, lamina's stdin goes to it.
     * {@code resize} is told each new window size after {@code size}, the one the
     * terminal was made with (null: not a terminal, nothing to follow).
     */
    static AttachedStreams start(Response connection, boolean terminal, boolean input, WindowSize size, Consumer<WindowSize> resize) {
        return new AttachedStreams(connection, terminal, input, size, resize);
    }

    private void copyOut(boolean terminal) {
        OutputStream out = new Lenient(new FileOutputStream(FileDescriptor.out));
        try (InputStream in = connection.body()) {
            if (terminal) in.transferTo(out);
            else MultiplexedStream.copy(in, out, new Lenient(new FileOutputStream(FileDescriptor.err)));
        } catch (IOException e) {
            if (!closing) System.err.println("lamina: " + e.getMessage());
        }
    }

    private void copyIn() {
        try (InputStream in = new FileInputStream(FileDescriptor.in)) {
            byte[] buf = new byte[32 << 10];
            for (int n; (n = in.read(buf)) >= 0; )
                if (n > 0) connection.write(Arrays.copyOf(buf, n));
            connection.endInput();
        } catch (IOException e) {
            // the container's end closed the connection: nothing more to send
        }
    }

    private void followSize(WindowSize initial, Consumer<WindowSize> resize) {
        WindowSize last = initial;
        try (HostCalls h = new HostCalls()) {
            while (!closing) {
                Thread.sleep(250);
                WindowSize now = WindowSize.ofUser(h);
                if (now != null && !now.equals(last)) {
                    resize.accept(now);
                    last = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the engine ends the stream: all the output is out. */
    void awaitOutput() {
        try {
            output.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restore() {
        if (raw != null) raw.close();
    }

    /** Stops relaying and puts the user's terminal back. */
    @Override
    public void close() {
        closing = true;
        connection.close();
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restorer);
        } catch (IllegalStateException e) {
            // shutting down: the hook restores the terminal
        }
    }

    /** Output whose reader went away (`| head`) is dropped from then on, so the container is not held up by it. */
    private static final class Lenient extends OutputStream {
        private final OutputStream to;
        private boolean failed;

        Lenient(OutputStream to) {
            this.to = to;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (failed) return;
            try {
                to.write(b, off, len);
            } catch (IOException e) {
                failed = true;
            }
        }
    }
}
