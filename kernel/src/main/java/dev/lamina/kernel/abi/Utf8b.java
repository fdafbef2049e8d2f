package dev.lamina.kernel.abi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Linux names are bytes, not text. The kernel keeps them in Java strings
 * decoded as UTF-8b (Python's surrogateescape): valid UTF-8 as itself, and
 * every other byte b as the lone surrogate U+DC00+b, which no valid UTF-8
 * decodes to. Encoding gives back the same bytes, so a name that is not UTF-8
 * reaches the host unchanged, and text from elsewhere (an image's config, the
 * command line) encodes as plain UTF-8.
 */
public final class Utf8b {
    private static final char ESCAPE = 0xDC00;

    private Utf8b() {}

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) i++;
        if (i == end) return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the common case
        StringBuilder sb = new StringBuilder(len);
        sb.append(new String(b, off, i - off, StandardCharsets.ISO_8859_1));
        while (i < end) {
            int n = sequence(b, i, end);
            if (n == 0) {
                sb.append((char) (ESCAPE | (b[i] & 0xFF)));
                i++;
            } else {
                sb.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            }
        }
        return sb.toString();
    }

    /** The length of the valid UTF-8 sequence at b[i] (1 to 4), or 0 when it is not one. */
    private static int sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x80) return 1;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
        else return 0;
        if (i + n > end) return 0;
        int cp = c & (0x7F >> n);
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        return n;
    }

    public static byte[] encode(String s) {
        boolean escaped = false;
        for (int i = 0; i < s.length() && !escaped; i++) escaped = isEscape(s, i);
        if (!escaped) return s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!isEscape(s, i)) continue;
            out.writeBytes(s.substring(from, i).getBytes(StandardCharsets.UTF_8));
            out.write(ch & 0xFF);
            from = i + 1;
        }
        out.writeBytes(s.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** An escaped byte: a lone surrogate U+DC80..U+DCFF (bytes below 0x80 are always valid); the
     * same char after a high surrogate is the second half of a character beyond U+FFFF. */
    private static boolean isEscape(String s, int i) {
        char ch = s.charAt(i);
        return ch >= ESCAPE + 0x80 && ch <= ESCAPE + 0xFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
