package dev.lamina.image.ref;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, "sha256:" and 64 lower-case hex digits; the only algorithm Lamina accepts. */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (!HEX.matcher(hex).matches()) throw new IllegalArgumentException("not a sha256 digest: " + hex);
    }

    /** Parses "sha256:HEX"; other algorithms and malformed text are refused with the reason. */
    public static Digest parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing digest");
        int colon = text.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("not a digest: '" + text + "'");
        String algorithm = text.substring(0, colon);
        if (!algorithm.equals("sha256"))
            throw new IllegalArgumentException("digest algorithm " + algorithm + " is not supported (only sha256)");
        String hex = text.substring(colon + 1);
        if (!HEX.matcher(hex).matches()) throw new IllegalArgumentException("not a sha256 digest: '" + text + "'");
        return new Digest(hex);
    }

    public static Digest of(byte[] content) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(content)));
    }

    public static Digest of(MessageDigest finished) {
        return new Digest(HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The first 12 hex digits, as Docker shows image ids. */
    public String shortId() { return hex.substring(0, 12); }

    @Override
    public String toString() { return "sha256:" + hex; }

    @Override
    public int compareTo(Digest o) { return hex.compareTo(o.hex); }
}
