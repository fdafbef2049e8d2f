package dev.lamina.app;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A terminal's keystrokes on their way to the exec's stdin: the JavaFX thread
 * adds them without blocking, and docker-java's stream copier reads them (each
 * read is sent at once). After close() a read sees the end, which ends the
 * exec's stdin.
 */
final class TerminalInput extends InputStream {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int at;
    private boolean ended;

    /** Queues {@code bytes}; ignored once closed. */
    void add(byte[] bytes) {
        if (bytes.length > 0) queue.add(bytes);
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) return 0;
        while (at == current.length) {
            if (ended) return -1;
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("terminal input interrupted");
            }
            at = 0;
            if (current == END) ended = true;
        }
        int n = Math.min(len, current.length - at);
        System.arraycopy(current, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public void close() {
        queue.add(END);
    }
}
