package dev.lamina.cli.client;

import dev.lamina.engine.containers.Frames;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Docker's multiplexed stream, taken apart: frames {stream, 0, 0, 0, size as
 * big-endian uint32} then size bytes, stdout's to one place, stderr's (and the
 * engine's own errors) to another. Each frame is flushed as it comes.
 */
public final class MultiplexedStream {
    private static final int CHUNK = 32 << 10;

    private MultiplexedStream() {}

    /** Copies {@code in}'s frames to {@code out} and {@code err} until its end. */
    public static void copy(InputStream in, OutputStream out, OutputStream err) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] buf = new byte[CHUNK];
        while (true) {
            int stream = data.read();
            if (stream < 0) return;
            data.skipNBytes(3);
            long size = Integer.toUnsignedLong(data.readInt());
            OutputStream to = stream == Frames.STDERR || stream == Frames.SYSTEM_ERROR ? err : out;
            while (size > 0) {
                int n = data.read(buf, 0, (int) Math.min(buf.length, size));
                if (n < 0) throw new EOFException("the engine's stream ended inside a frame");
                to.write(buf, 0, n);
                size -= n;
            }
            to.flush();
        }
    }
}
