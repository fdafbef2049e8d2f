package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void sizesAsDockerShowsThem() {
        assertEquals("999 B", Formats.size(999));
        assertEquals("7.80 MB", Formats.size(7_800_000));
        assertEquals("12.3 kB", Formats.size(12_345));
        assertEquals("123 GB", Formats.size(123_000_000_000L));
    }

    @Test
    void ages() {
        Instant now = Instant.ofEpochSecond(1_000_000);
        assertEquals("just now", Formats.ago(1_000_000, now));
        assertEquals("just now", Formats.ago(999_941, now));
        assertEquals("1 minute ago", Formats.ago(999_940, now));
        assertEquals("2 hours ago", Formats.ago(1_000_000 - 7200, now));
        assertEquals("3 days ago", Formats.ago(1_000_000 - 3 * 86400, now));
        assertEquals("", Formats.ago(0, now));
    }

    @Test
    void shortIds() {
        assertEquals("0123456789ab", Formats.shortId("sha256:0123456789abcdef"));
        assertEquals("abc", Formats.shortId("abc"));
    }
}
