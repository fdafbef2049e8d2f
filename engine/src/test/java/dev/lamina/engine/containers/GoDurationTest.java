package dev.lamina.engine.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Durations as Go's time.Duration prints them, which dockerd's health-check timeout message shows (Lamina's showed PT1S). */
class GoDurationTest {
    @Test
    void asGoPrintsThem() {
        assertEquals("0s", GoDuration.of(0));
        assertEquals("1s", GoDuration.of(1_000_000_000L));
        assertEquals("1.5s", GoDuration.of(1_500_000_000L));
        assertEquals("250ms", GoDuration.of(250_000_000L));
        assertEquals("1.25µs", GoDuration.of(1_250));
        assertEquals("999ns", GoDuration.of(999));
        assertEquals("2m0s", GoDuration.of(120_000_000_000L));
        assertEquals("1m30.001s", GoDuration.of(90_001_000_000L));
        assertEquals("1h0m0s", GoDuration.of(3_600_000_000_000L));
        assertEquals("25h1m1s", GoDuration.of(90_061_000_000_000L));
    }
}
