package dev.lamina.image;

import java.io.IOException;
import java.io.InputStream;

/** An InputStream that works in chunks: its one-byte read goes through {@link #read(byte[], int, int)}. */
public abstract class ChunkInputStream extends InputStream {
    protected ChunkInputStream() {}

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
