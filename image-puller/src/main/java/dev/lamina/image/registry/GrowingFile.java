package dev.lamina.image.registry;

import dev.lamina.image.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file one thread writes (a blob downloading) and another reads as it grows (its
 * unpacker): the download goes at the network's pace, never the unpacker's, and the
 * file is the buffer between them. The reader waits at the written end until more
 * is written or the writer ends; an end with a failure is the reader's failure too.
 */
final class GrowingFile {
    /** What a waiting reader wants at least, so that it wakes once per chunk, not per network read. */
    private static final int CHUNK = 1 << 16;
    private final Path file;
    private long written;
    /** The size a waiting reader waits for. */
    private long wanted = Long.MAX_VALUE;
    private boolean ended;
    private IOException failure;

    GrowingFile(Path file) {
        this.file = file;
    }

    /** {@code out} (writing this file from its start), telling readers of each write. */
    OutputStream writer(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                grew(1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                grew(len);
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    private synchronized void grew(long n) {
        written += n;
        if (written >= wanted) notifyAll();
    }

    /** The writer is done: readers see the end of the file, or {@code failure} when not null. */
    synchronized void end(IOException failure) {
        if (ended) return;
        ended = true;
        this.failure = failure;
        notifyAll();
    }

    /** A stream of the file from its start, to be closed by its reader. */
    InputStream reader() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new ChunkInputStream() {
            private long position;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                long available = waitBeyond(position, Math.min(len, CHUNK));
                if (available <= 0) return -1;
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
                if (n > 0) position += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** Bytes written beyond {@code position}, waiting for {@code want} of them (or the end); 0 at the end. */
    private synchronized long waitBeyond(long position, int want) throws IOException {
        while (written - position < want && !ended) {
            wanted = position + want;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the blob downloads");
            }
        }
        wanted = Long.MAX_VALUE;
        if (written > position) return written - position;
        if (failure != null) throw new IOException(failure.getMessage(), failure);
        return 0;
    }
}
