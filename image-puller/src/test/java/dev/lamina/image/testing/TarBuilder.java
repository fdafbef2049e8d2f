package dev.lamina.image.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes tar streams byte by byte, including the malformed and hostile ones tests need. */
public final class TarBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TarBuilder file(String name, String content) { return file(name, content.getBytes(StandardCharsets.UTF_8)); }

    public TarBuilder file(String name, byte[] content) { return entry(name, '0', content, "", 0644); }

    public TarBuilder dir(String name) { return entry(name, '5', new byte[0], "", 0755); }

    public TarBuilder symlink(String name, String target) { return entry(name, '2', new byte[0], target, 0777); }

    public TarBuilder hardlink(String name, String target) { return entry(name, '1', new byte[0], target, 0644); }

    public TarBuilder device(String name, char type) { return entry(name, type, new byte[0], "", 0600); }

    /** A PAX extended header whose records apply to the next entry. */
    public TarBuilder pax(String key, String value) { return pax(key, value.getBytes(StandardCharsets.UTF_8)); }

    /** A PAX record with a binary value, as SCHILY.xattr records carry. */
    public TarBuilder pax(String key, byte[] value) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes((" " + key + "=").getBytes(StandardCharsets.UTF_8));
        record.writeBytes(value);
        record.write('\n');
        // The length counts its own digits.
        int len = record.size();
        len += Integer.toString(len + Integer.toString(len).length()).length();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
        data.writeBytes(record.toByteArray());
        return entry("PaxHeaders/x", 'x', data.toByteArray(), "", 0644);
    }

    /** A header claiming {@code size} bytes of PAX data, without the data. */
    public TarBuilder hugePaxHeader(long size) {
        out.writeBytes(header("PaxHeaders/x", 'x', size, "", 0644));
        return this;
    }

    public TarBuilder entry(String name, char type, byte[] content, String link, int mode) {
        out.writeBytes(header(name, type, content.length, link, mode));
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    public byte[] end() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** The stream so far, without the end blocks (truncated archives). */
    public byte[] unfinished() { return out.toByteArray(); }

    public static byte[] header(String name, char type, long size, String link, int mode) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, String.format("%07o", mode));
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, "00000000000");
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        return h;
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }
}
