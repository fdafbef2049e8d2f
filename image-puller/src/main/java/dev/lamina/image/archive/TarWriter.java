package dev.lamina.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the plain ustar files and directories of an image archive (names under 100 bytes). */
final class TarWriter implements AutoCloseable {
    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void directory(String name) throws IOException {
        out.write(header(name.endsWith("/") ? name : name + "/", '5', 0, 0755));
    }

    void file(String name, byte[] content) throws IOException {
        out.write(header(name, '0', content.length, 0644));
        out.write(content);
        pad(content.length);
    }

    void file(String name, long size, InputStream content) throws IOException {
        out.write(header(name, '0', size, 0644));
        long copied = content.transferTo(out);
        if (copied != size) throw new IOException(name + " changed while it was written (" + copied + " of " + size + " bytes)");
        pad(size);
    }

    private void pad(long size) throws IOException {
        out.write(new byte[(int) ((512 - size % 512) % 512)]);
    }

    private static byte[] header(String name, char type, long size, int mode) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) throw new IllegalArgumentException("archive name too long: " + name);
        byte[] h = new byte[512];
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 077777777777L) octal(h, 124, 12, size);
        else { // GNU base-256 for files of 8 GiB and more
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) h[135 - i] = (byte) (size >>> (8 * i));
        }
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, Math.min(b.length, len - 1));
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[1024]);
        out.flush();
    }
}
