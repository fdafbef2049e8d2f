package dev.lamina.image.layer;

import dev.lamina.image.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads ustar, GNU (long names, base-256 numbers) and PAX tar streams, as image
 * layers use them. Headers are checked (checksum, numbers, sizes) and bounded: a
 * PAX or long-name record over {@link #MAX_META_BYTES} is refused, so a hostile
 * header cannot make Lamina allocate without limit, and so are the extended headers
 * before one entry together. SCHILY.xattr records keep their values as bytes
 * (capabilities are binary). Sparse files are refused.
 */
public final class TarReader {
    static final int BLOCK = 512;
    public static final int MAX_META_BYTES = 1 << 20;
    public static final int MAX_NAME = 4096;
    private static final String XATTR = "SCHILY.xattr.";

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining;
    private long padding;
    private boolean ended;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. Skips what is left of the previous entry. */
    public TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
        if (ended) return null;
        Map<String, String> pax = new HashMap<>();
        Map<String, byte[]> xattrs = new HashMap<>();
        String longName = null, longLink = null;
        long metaBytes = 0;
        while (true) {
            if (!readBlock(header, true)) { ended = true; return null; }
            if (isZero(header)) { ended = true; return null; }
            verifyChecksum();
            char type = (char) (header[156] & 0xff);
            long size = number(124, 12, "size");
            // Many small extended headers would otherwise add up without limit.
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                metaBytes += size;
                if (size <= MAX_META_BYTES && metaBytes > MAX_META_BYTES)
                    throw new TarFormatException("tar extended headers of more than " + MAX_META_BYTES + " bytes before one entry");
            }
            switch (type) {
                case 'x' -> parsePax(meta(size), pax, xattrs);
                case 'g' -> meta(size); // global PAX records: nothing in them matters for a layer
                case 'L' -> longName = cString(meta(size));
                case 'K' -> longLink = cString(meta(size));
                default -> {
                    return entry(type, size, pax, xattrs, longName, longLink);
                }
            }
        }
    }

    /** The content of the current entry; reading past its end returns -1. */
    public InputStream content() {
        return new ChunkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new TarFormatException("the layer ends in the middle of a file (truncated)");
                remaining -= n;
                return n;
            }
        };
    }

    private TarEntry entry(char type, long size, Map<String, String> pax, Map<String, byte[]> xattrs, String longName,
                           String longLink) throws IOException {
        String name = longName != null ? longName : ustarName();
        String link = longLink != null ? longLink : field(157, 100);
        if (pax.containsKey("path")) name = pax.get("path");
        if (pax.containsKey("linkpath")) link = pax.get("linkpath");
        if (pax.containsKey("size")) size = paxNumber(pax, "size");
        long uid = pax.containsKey("uid") ? paxNumber(pax, "uid") : number(108, 8, "uid");
        long gid = pax.containsKey("gid") ? paxNumber(pax, "gid") : number(116, 8, "gid");
        long mtime = pax.containsKey("mtime") ? paxSeconds(pax.get("mtime")) : number(136, 12, "mtime");
        if (name.isEmpty()) throw new TarFormatException("an entry has an empty name");
        if (name.length() > MAX_NAME || link.length() > MAX_NAME)
            throw new TarFormatException("entry name longer than " + MAX_NAME + " characters");
        if (name.indexOf('\0') >= 0 || link.indexOf('\0') >= 0) throw new TarFormatException("entry name holds a NUL byte");
        TarEntry.Type t = switch (type) {
            case '0', '\0', '7' -> name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            case 'S' -> throw new TarFormatException("entry '" + name + "' is a GNU sparse file, which layers do not use");
            default -> throw new TarFormatException("entry '" + name + "' has unknown tar type '" + type + "'");
        };
        // Only regular files carry data; a size on anything else is skipped as tar does.
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        if (t != TarEntry.Type.FILE) { skip(remaining + padding); remaining = padding = 0; size = 0; }
        return new TarEntry(name, t, (int) number(100, 8, "mode"), uid, gid, size, link, mtime,
                (int) number(329, 8, "devmajor"), (int) number(337, 8, "devminor"), Map.copyOf(xattrs));
    }

    private String ustarName() {
        String name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a' && header[261] == 'r';
        if (ustar && header[262] == 0) {
            String prefix = field(345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        return name;
    }

    private byte[] meta(long size) throws IOException {
        if (size > MAX_META_BYTES) throw new TarFormatException("a tar extended header of " + size + " bytes (limit " + MAX_META_BYTES + ")");
        byte[] data = new byte[(int) size];
        readFully(data, data.length);
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    /** Adds the records of one PAX header to {@code pax}, or to {@code xattrs} for SCHILY.xattr ones. */
    private static void parsePax(byte[] data, Map<String, String> pax, Map<String, byte[]> xattrs) {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') space++;
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new TarFormatException("malformed PAX record");
            }
            if (len <= space - pos + 1 || pos + len > data.length || data[pos + len - 1] != '\n')
                throw new TarFormatException("malformed PAX record");
            int eq = space + 1, end = pos + len - 1;
            while (eq < end && data[eq] != '=') eq++;
            if (eq == space + 1 || eq == end) throw new TarFormatException("malformed PAX record");
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            if (key.startsWith(XATTR) && key.length() > XATTR.length())
                xattrs.put(key.substring(XATTR.length()), Arrays.copyOfRange(data, eq + 1, end));
            else
                pax.put(key, new String(data, eq + 1, end - eq - 1, StandardCharsets.UTF_8));
            pos += len;
        }
    }

    private static long paxNumber(Map<String, String> pax, String key) {
        try {
            long v = Long.parseLong(pax.get(key));
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new TarFormatException("bad PAX " + key + " '" + pax.get(key) + "'");
        }
    }

    /** PAX times are decimal seconds with an optional fraction; the fraction is dropped. */
    private static long paxSeconds(String text) {
        int dot = text.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new TarFormatException("bad PAX mtime '" + text + "'");
        }
    }

    private void verifyChecksum() {
        long stored = number(148, 8, "checksum");
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) throw new TarFormatException("tar header checksum mismatch (corrupt layer)");
    }

    /** An octal field, or GNU base-256 when the top bit is set; negative or over 2^62 is refused. */
    private long number(int off, int len, String what) {
        if ((header[off] & 0x80) != 0) {
            if ((header[off] & 0x40) != 0) throw new TarFormatException("negative tar " + what);
            long v = header[off] & 0x3f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 10)) throw new TarFormatException("tar " + what + " out of range");
                v = (v << 8) | (header[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off, end = off + len;
        while (i < end && (header[i] == ' ' || header[i] == 0)) i++;
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int d = header[i] - '0';
            if (d < 0 || d > 7) throw new TarFormatException("bad tar " + what + " field");
            if (v > (Long.MAX_VALUE >> 4)) throw new TarFormatException("tar " + what + " out of range");
            v = v * 8 + d;
        }
        return v;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) end++;
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) end++;
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    private boolean readBlock(byte[] block, boolean eofAllowed) throws IOException {
        int got = 0;
        while (got < BLOCK) {
            int n = in.read(block, got, BLOCK - got);
            if (n < 0) {
                if (got == 0 && eofAllowed) return false;
                throw new TarFormatException("the layer ends in the middle of a tar header (truncated)");
            }
            got += n;
        }
        return true;
    }

    private void readFully(byte[] data, int len) throws IOException {
        int got = 0;
        while (got < len) {
            int n = in.read(data, got, len - got);
            if (n < 0) throw new TarFormatException("the layer ends in the middle of an entry (truncated)");
            got += n;
        }
    }

    private void skip(long n) throws IOException {
        byte[] buf = n > 0 ? new byte[(int) Math.min(n, 65536)] : null;
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(n, buf.length));
            if (r < 0) throw new TarFormatException("the layer ends in the middle of an entry (truncated)");
            n -= r;
        }
    }

}
