package dev.lamina.kernel.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8bTest {
    @Test
    void everyByteStringComesBackUnchanged() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            assertArrayEquals(b, Utf8b.encode(Utf8b.decode(b)));
        }
    }

    @Test
    void textIsPlainUtf8() {
        String text = "héllo wörld ☃ 𝄞";
        assertEquals(text, Utf8b.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Utf8b.encode(text));
    }

    @Test
    void invalidSequencesAreKeptByteForByte() {
        // A lone 0xFF, an overlong '/', an encoded surrogate and a cut sequence: none is UTF-8.
        for (byte[] b : new byte[][] {{'a', (byte) 0xFF, 'b'}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                      {'x', (byte) 0xE2, (byte) 0x98}}) {
            String s = Utf8b.decode(b);
            assertEquals(b.length, s.length(), "one character per byte that is not UTF-8");
            assertArrayEquals(b, Utf8b.encode(s));
        }
    }
}
