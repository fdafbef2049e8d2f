package dev.lamina.image.archive;

import dev.lamina.image.layer.TarEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Writes tar streams that {@link dev.lamina.image.layer.TarReader} and Docker's
 * clients read: the plain files and directories of an image archive, and any
 * entry of a container's files (`docker cp`), with a PAX header for what ustar
 * cannot hold (long names and link targets, large ids).
 */
public final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private static final long MAX_OCTAL_ID = 07777777;
    private final OutputStream out;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    void directory(String name) throws IOException {
        out.write(header(name.endsWith("/") ? name : name + "/", '5', 0, 0755, 0, 0, 0, "", 0, 0));
    }

    void file(String name, byte[] content) throws IOException {
        out.write(header(name, '0', content.length, 0644, 0, 0, 0, "", 0, 0));
        out.write(content);
        pad(content.length);
    }

    void file(String name, long size, InputStream content) throws IOException {
        out.write(header(name, '0', size, 0644, 0, 0, 0, "", 0, 0));
        copy(name, size, content);
    }

    /**
     * One entry as {@code e} describes it, its extended attributes as SCHILY.xattr PAX
     * records (as Docker's and containerd's layers carry them); a regular file's
     * {@code content} must hold exactly {@code e.size()} bytes, other types take none.
     */
    public void entry(TarEntry e, InputStream content) throws IOException {
        char type = switch (e.type()) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
        long size = e.type() == TarEntry.Type.FILE ? e.size() : 0;
        String name = e.type() == TarEntry.Type.DIRECTORY && !e.name().endsWith("/") ? e.name() + "/" : e.name();
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        if (utf8(name).length > 100 || !ascii(name)) record(pax, "path", utf8(name));
        if (utf8(e.linkName()).length > 100 || !ascii(e.linkName())) record(pax, "linkpath", utf8(e.linkName()));
        if (e.uid() > MAX_OCTAL_ID) record(pax, "uid", utf8(Long.toString(e.uid())));
        if (e.gid() > MAX_OCTAL_ID) record(pax, "gid", utf8(Long.toString(e.gid())));
        // Sorted, so the same entry always makes the same bytes.
        for (var x : new TreeMap<>(e.xattrs()).entrySet()) record(pax, "SCHILY.xattr." + x.getKey(), x.getValue());
        if (pax.size() > 0) {
            byte[] records = pax.toByteArray();
            out.write(header(shortened("PaxHeaders/" + name), 'x', records.length, 0644, 0, 0, 0, "", 0, 0));
            out.write(records);
            pad(records.length);
        }
        // The mode as given: permissions, and the file type bits where the entry carries them (moby's `docker cp`).
        out.write(header(shortened(name), type, size, e.mode() & 0177777, Math.min(e.uid(), MAX_OCTAL_ID),
                Math.min(e.gid(), MAX_OCTAL_ID), Math.max(0, e.mtime()), shortened(e.linkName()), e.devMajor(), e.devMinor()));
        if (size > 0) copy(name, size, content);
    }

    private void copy(String name, long size, InputStream content) throws IOException {
        long copied = content.transferTo(out);
        if (copied != size) throw new IOException(name + " changed while it was written (" + copied + " of " + size + " bytes)");
        pad(size);
    }

    /** A PAX record: its length counts itself, in decimal; the value is raw bytes (an attribute's may be binary). */
    private static void record(ByteArrayOutputStream pax, String key, byte[] value) {
        int body = utf8(" " + key + "=").length + value.length + 1;
        int len = body;
        for (int next; (next = body + Integer.toString(len).length()) != len; ) len = next;
        pax.writeBytes(utf8(len + " " + key + "="));
        pax.writeBytes(value);
        pax.write('\n');
    }

    /** The ustar field's copy of a name a PAX record carries in full: its first 100 bytes, cut at a character. */
    private static String shortened(String s) {
        if (utf8(s).length <= 100 && ascii(s)) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char c = s.charAt(i);
            b.append(c < 0x80 ? c : '_');
        }
        return b.toString();
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private void pad(long size) throws IOException {
        out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
    }

    private static byte[] header(String name, char type, long size, int mode, long uid, long gid, long mtime, String link,
                                 int devMajor, int devMinor) {
        byte[] n = utf8(name);
        if (n.length > 100) throw new IllegalArgumentException("archive name too long: " + name);
        byte[] h = new byte[BLOCK];
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        if (size < 077777777777L) octal(h, 124, 12, size);
        else { // GNU base-256 for files of 8 GiB and more
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) h[135 - i] = (byte) (size >>> (8 * i));
        }
        octal(h, 136, 12, Math.min(mtime, 077777777777L));
        h[156] = (byte) type;
        byte[] l = utf8(link);
        System.arraycopy(l, 0, h, 157, l.length);
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        if (type == '3' || type == '4') {
            octal(h, 329, 8, devMajor);
            octal(h, 337, 8, devMinor);
        }
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
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }
}
