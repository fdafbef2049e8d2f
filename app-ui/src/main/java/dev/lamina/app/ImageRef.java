package dev.lamina.app;

/** An image name split as the pull API takes it: repository, and tag or digest. */
public record ImageRef(String repository, String tag) {
    /** "alpine" is alpine:latest; "host:5000/a/b:1" and "a@sha256:..." as written. */
    public static ImageRef parse(String name) {
        String n = name.strip();
        if (n.isEmpty()) throw new IllegalArgumentException("Type an image name, such as alpine:3.20");
        if (n.chars().anyMatch(Character::isWhitespace)) throw new IllegalArgumentException("An image name has no spaces: " + n);
        int at = n.indexOf('@');
        if (at >= 0) return new ImageRef(n.substring(0, at), n.substring(at + 1));
        int colon = n.lastIndexOf(':');
        if (colon > n.lastIndexOf('/')) return new ImageRef(n.substring(0, colon), n.substring(colon + 1));
        return new ImageRef(n, "latest");
    }
}
