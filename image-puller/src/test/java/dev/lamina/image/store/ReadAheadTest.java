package dev.lamina.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.layer.TarFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void givesTheSourceBytesInOrder() throws IOException {
        byte[] data = random(1_000_003); // several buffers and a partial one
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ReadAhead(new ByteArrayInputStream(data), "test")) {
            byte[] odd = new byte[7777];
            for (int n; (n = in.read(odd)) > 0; ) out.write(odd, 0, n);
            assertEquals(-1, in.read());
        }
        assertArrayEquals(data, out.toByteArray());
    }

    /** A refusal (a decompression bomb, say) reaches the reader as the same exception, after the bytes before it. */
    @Test
    void throwsWhatTheSourceThrewAfterItsBytes() throws IOException {
        byte[] data = random(200_000);
        TarFormatException refusal = new TarFormatException("refused");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() {
                throw refusal;
            }
        });
        try (InputStream in = new ReadAhead(failing, "test")) {
            assertArrayEquals(data, in.readNBytes(data.length));
            assertSame(refusal, assertThrows(TarFormatException.class, in::read));
        }
    }

    /** A reader that stops early (an unpacker refusing the layer) stops the thread, which closes its source. */
    @Test
    void closingStopsTheThreadAndClosesTheSource() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        InputStream in = new ReadAhead(endless, "test");
        assertEquals(1, in.read());
        in.close();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the source was not closed");
    }
}
