package dev.lamina.image.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * What a PUT, POST or PATCH sends: bytes in memory, or a range of a file. Either can
 * be written again (a request is resent after an auth challenge or on a fresh
 * connection), so neither is a one-shot stream.
 */
public sealed interface RequestBody {
    long length();

    void writeTo(OutputStream out) throws IOException;

    static RequestBody of(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** Bytes in memory (a manifest, a small blob). */
    record Bytes(byte[] bytes) implements RequestBody {
        @Override
        public long length() { return bytes.length; }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }

    /** {@code length} bytes of {@code file} from {@code offset}; {@code sent} hears of each piece written. */
    record FileRange(Path file, long offset, long length, LongConsumer sent) implements RequestBody {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                byte[] buf = new byte[1 << 16];
                for (long left = length; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException(file + " ended " + left + " bytes early");
                    out.write(buf, 0, n);
                    left -= n;
                    sent.accept(n);
                }
            }
        }
    }
}
