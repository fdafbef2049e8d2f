package dev.lamina.image.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream that counts the bytes read through it ({@link #count}, which its owner may reset). */
public final class CountingStream extends FilterInputStream {
    public long count;

    public CountingStream(InputStream in) { super(in); }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) count += n;
        return n;
    }
}
