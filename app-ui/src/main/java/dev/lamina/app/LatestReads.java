package dev.lamina.app;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads of one thing answer out of order (each runs on a thread of its own): a
 * container's create and start events, read back to back, can answer "running"
 * then "created". Each read gets a number; only the latest asked for counts.
 * Used on the JavaFX thread only.
 */
final class LatestReads {
    private final Map<String, Long> latest = new HashMap<>();

    /** A new read of {@code key}: its number. */
    long next(String key) {
        return latest.merge(key, 1L, Long::sum);
    }

    /** Whether read {@code number} of {@code key} is still the latest (not once the key is forgotten). */
    boolean isLatest(String key, long number) {
        Long l = latest.get(key);
        return l != null && l == number;
    }

    void forget(String key) {
        latest.remove(key);
    }
}
