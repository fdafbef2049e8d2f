package dev.lamina.image.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A body of Content-Length bytes, or (length -1) one that lasts until the server closes the connection. */
final class LengthBody extends ResponseBody {
    private final InputStream in;
    private final long length;
    private long remaining;

    LengthBody(InputStream in, long length) {
        this.in = in;
        this.length = length;
        this.remaining = length < 0 ? Long.MAX_VALUE : length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) return -1;
        if (len == 0) return 0;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            if (length >= 0) throw new EOFException("connection closed after " + (length - remaining) + " of " + length + " bytes");
            remaining = 0;
            return -1;
        }
        remaining -= n;
        return n;
    }

    @Override
    boolean complete() {
        return length >= 0 && remaining == 0;
    }
}
