package dev.lamina.image.store;

import dev.lamina.image.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stream read ahead by a thread of its own into a few buffers: a layer is
 * decompressed on one thread while another hashes its tar and makes its files, so
 * the two halves of an unpack overlap. What the source throws (a refusal, a broken
 * stream) is thrown to the reader as it was, once the bytes before it are read.
 * Closing stops the thread and waits for it; the source is closed by its thread.
 */
final class ReadAhead extends ChunkInputStream {
    private static final int BUFFERS = 8;
    private static final int BUFFER = 1 << 16;

    /** A buffer of {@code length} bytes read, or the source's end ({@code length} -1) with what it threw, if anything. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {}

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread thread;
    private Chunk current;
    private int position;
    private boolean ended;

    ReadAhead(InputStream source, String name) {
        for (int i = 0; i < BUFFERS; i++) free.add(new byte[BUFFER]);
        // A platform thread: the source may be a decompressor in native code.
        this.thread = Thread.ofPlatform().daemon().name(name).start(() -> fill(source));
    }

    private void fill(InputStream source) {
        Throwable failure = null;
        try (source) {
            for (boolean end = false; !end && failure == null; ) {
                byte[] b = free.take();
                int n = 0;
                try {
                    while (n < b.length) {
                        int r = source.read(b, n, b.length - n);
                        if (r < 0) {
                            end = true;
                            break;
                        }
                        n += r;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e; // after the bytes read before it
                }
                if (n > 0) full.put(new Chunk(b, n, null));
            }
        } catch (InterruptedException e) {
            return; // closed by the reader, which reads no more
        } catch (IOException e) {
            if (failure == null) failure = e; // closing the source
        }
        try {
            full.put(new Chunk(null, -1, failure));
        } catch (InterruptedException e) {
            // closed by the reader meanwhile
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (ended) return -1;
        if (current == null) {
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while a layer was read");
            }
            position = 0;
            if (current.length() < 0) {
                ended = true;
                Throwable f = current.failure();
                current = null;
                switch (f) {
                    case null -> {}
                    case IOException e -> throw e;
                    case RuntimeException e -> throw e;
                    case Error e -> throw e;
                    default -> throw new IOException(f);
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        if (position == current.length()) {
            free.add(current.bytes());
            current = null;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a layer's reader stopped");
        }
    }
}
