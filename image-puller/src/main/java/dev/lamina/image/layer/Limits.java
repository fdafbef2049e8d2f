package dev.lamina.image.layer;

/**
 * Bounds on what one layer may expand to, against decompression bombs: at most
 * {@code maxBytes} uncompressed, and at most {@code maxRatio} times the compressed
 * bytes read so far once past {@code ratioFloor}.
 */
public record Limits(long maxBytes, long maxRatio, long maxEntries) {
    static final long RATIO_FLOOR = 16L << 20;
    /**
     * Above deflate's ceiling (about 1032 to 1, reached by runs of one byte): a gzip layer is bounded by its size
     * alone, as zeros make real ones (a `dd if=/dev/zero` in a build: 200, the bound before, refused 17 MB of them);
     * a zstd layer, whose runs go far past it, by both.
     */
    static final long DEFAULT_RATIO = 1100;

    public static Limits defaults() {
        return new Limits(envLong("LAMINA_LAYER_MAX_BYTES", 64L << 30), envLong("LAMINA_LAYER_MAX_RATIO", DEFAULT_RATIO),
                envLong("LAMINA_LAYER_MAX_ENTRIES", 2_000_000));
    }

    /** For layers Lamina made itself (a commit, a build's step): the same bounds, no ratio, as no bomb is planted there. */
    public static Limits ownLayers() {
        Limits d = defaults();
        return new Limits(d.maxBytes(), Long.MAX_VALUE, d.maxEntries());
    }

    /** A positive whole number from the environment variable {@code name}, or {@code fallback}; refused with its name when malformed. */
    public static long envLong(String name, long fallback) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            long n = Long.parseLong(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + v + "'");
    }
}
