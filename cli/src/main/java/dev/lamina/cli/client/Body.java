package dev.lamina.cli.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body as the engine sends it, read as a stream: Netty's event loop
 * adds what arrives, the command's thread reads. While more than HIGH bytes wait,
 * the socket is not read (the engine is held back, and so is the container);
 * reading resumes below LOW.
 */
final class Body extends InputStream {
    private static final int HIGH = 1 << 20, LOW = 256 << 10;
    private static final byte[] END = new byte[0];

    private final Channel channel;
    private final LinkedBlockingQueue<Object> parts = new LinkedBlockingQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    private byte[] current = new byte[0];
    private int at;
    private boolean ended;

    Body(Channel channel) {
        this.channel = channel;
    }

    /**
     * On the event loop: bytes arrived. Reading is paused before the part is queued,
     * so a reader that takes it sees the pause and asks for the resumption.
     */
    void add(ByteBuf bytes) {
        if (!bytes.isReadable()) return;
        byte[] b = ByteBufUtil.getBytes(bytes);
        if (waiting.addAndGet(b.length) > HIGH) channel.config().setAutoRead(false);
        parts.add(b);
    }

    /** On the event loop: the body is complete. */
    void end() {
        parts.add(END);
    }

    /** On the event loop: the connection failed; the reader gets the failure. */
    void fail(Throwable cause) {
        parts.add(cause);
    }

    /** On the event loop, as the pause is: no pause can slip in after a resumption decided on stale numbers. */
    private void resume() {
        if (waiting.get() < LOW) channel.config().setAutoRead(true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, current.length - at);
        System.arraycopy(current, at, b, off, n);
        at += n;
        return n;
    }

    /** What is there to read without waiting (at least the rest of the part at hand). */
    @Override
    public int available() {
        return current.length - at;
    }

    /** Makes sure a part with bytes left is at hand; false at the end. */
    private boolean fill() throws IOException {
        while (at == current.length) {
            if (ended) return false;
            Object next;
            try {
                next = parts.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading from the engine");
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw new IOException("the connection to the engine failed: " + t.getMessage(), t);
            }
            byte[] b = (byte[]) next;
            if (b == END) {
                ended = true;
                return false;
            }
            current = b;
            at = 0;
            if (waiting.addAndGet(-b.length) < LOW && !channel.config().isAutoRead()) channel.eventLoop().execute(this::resume);
        }
        return true;
    }

    /** Stops reading: the connection is closed. */
    @Override
    public void close() {
        channel.close();
    }
}
