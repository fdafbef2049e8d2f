package dev.lamina.image.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A body in chunked transfer coding: hex size lines, data, and a last empty chunk with optional trailers. */
final class ChunkedBody extends ResponseBody {
    private static final int MAX_TRAILERS = 64;

    private final InputStream in;
    private long remaining;
    private boolean started;
    private boolean done;

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (len == 0) return 0;
        if (remaining == 0 && !nextChunk()) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new EOFException("connection closed in the middle of a chunk");
        remaining -= n;
        return n;
    }

    private boolean nextChunk() throws IOException {
        if (started && !line().isEmpty()) throw new HttpProtocolException("chunk data longer than its size");
        started = true;
        String sizeLine = line();
        int ext = sizeLine.indexOf(';');
        String hex = (ext < 0 ? sizeLine : sizeLine.substring(0, ext)).trim();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0))
            throw new HttpProtocolException("bad chunk size line");
        remaining = Long.parseLong(hex, 16);
        if (remaining > 0) return true;
        for (int i = 0; !line().isEmpty(); i++) // trailer fields, ignored
            if (i == MAX_TRAILERS) throw new HttpProtocolException("too many trailer fields");
        done = true;
        return false;
    }

    private String line() throws IOException {
        String line = Http1Codec.readLine(in);
        if (line == null) throw new EOFException("connection closed in a chunked body");
        return line;
    }

    @Override
    boolean complete() {
        return done;
    }
}
