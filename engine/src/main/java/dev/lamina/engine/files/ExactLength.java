package dev.lamina.engine.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file's content as exactly the size its tar header gave: a file a running
 * container shortens meanwhile is padded with zeros, one it lengthens cut, so the
 * archive stays whole (GNU tar does the same).
 */
final class ExactLength extends InputStream {
    private final RootFiles files;
    private final int fd;
    private long left;
    private boolean ended;

    ExactLength(RootFiles files, int fd, long size) {
        this.files = files;
        this.fd = fd;
        this.left = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) return -1;
        int want = (int) Math.min(len, left);
        int n = ended ? 0 : files.read(fd, b, off, want);
        if (n == 0) {
            ended = true;
            n = Math.min(want, RootFiles.CHUNK);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
        }
        left -= n;
        return n;
    }
}
