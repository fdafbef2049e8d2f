package dev.lamina.image.registry;

import dev.lamina.image.ChunkInputStream;
import dev.lamina.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * A blob's bytes as they arrive: each read also goes to the partial file, the
 * digest and the progress display, and is held to the size the descriptor gives.
 * Whoever reads it (an unpacker, or {@link #drain()}) drives the download.
 */
final class BlobStream extends ChunkInputStream {
    /** The connection failed mid-blob: the partial file keeps what arrived, to be resumed. */
    static final class Interrupted extends IOException {
        private static final long serialVersionUID = 1L;

        Interrupted(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }

    private final InputStream body;
    private final OutputStream file;
    private final MessageDigest digest;
    private final ProgressListener progress;
    private final String id;
    private final long limit;
    private final String label;
    private long received;

    BlobStream(InputStream body, OutputStream file, MessageDigest digest, ProgressListener progress, String id, long limit, String label) {
        this.body = body;
        this.file = file;
        this.digest = digest;
        this.progress = progress;
        this.id = id;
        this.limit = limit;
        this.label = label;
    }

    long received() { return received; }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = body.read(b, off, len);
        } catch (IOException e) {
            throw new Interrupted(e);
        }
        if (n <= 0) return n;
        received += n;
        if (received > limit) throw new ImageException(label + ": blob " + id + " is longer than its descriptor says");
        file.write(b, off, n);
        digest.update(b, off, n);
        progress.advanced(id, n);
        return n;
    }

    /** Reads the rest of the blob. */
    void drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) > 0) {
            // each read is written, hashed and counted
        }
    }
}
