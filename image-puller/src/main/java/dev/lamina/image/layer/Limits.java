package dev.lamina.image.layer;

/**
 * Bounds on what one layer may expand to, against decompression bombs: at most
 * {@code maxBytes} uncompressed, and at most {@code maxRatio} times the compressed
 * bytes read so far once past {@code ratioFloor}.
 */
public record Limits(long maxBytes, long maxRatio, long maxEntries) {
    static final long RATIO_FLOOR = 16L << 20;

    public static Limits defaults() {
        return new Limits(envLong("LAMINA_LAYER_MAX_BYTES", 64L << 30), envLong("LAMINA_LAYER_MAX_RATIO", 200),
                envLong("LAMINA_LAYER_MAX_ENTRIES", 2_000_000));
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
