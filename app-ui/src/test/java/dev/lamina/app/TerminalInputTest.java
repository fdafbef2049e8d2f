package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalInputTest {
    @Test
    void keysInOrderThenTheEnd() throws InterruptedIOException {
        TerminalInput in = new TerminalInput();
        in.add("ls".getBytes(StandardCharsets.UTF_8));
        in.add(new byte[0]);
        in.add("\r".getBytes(StandardCharsets.UTF_8));
        in.close();
        in.add("after".getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[1];
        assertEquals(1, in.read(buffer, 0, 1), "a read takes what is there, up to its length");
        assertArrayEquals(new byte[] {'l'}, buffer);
        byte[] rest = new byte[16];
        assertEquals(1, in.read(rest, 0, 16), "and no more than one chunk");
        assertEquals('s', rest[0]);
        assertEquals('\r', in.read());
        assertEquals(-1, in.read(rest, 0, 16), "closed: the end, and what was added after it is never read");
        assertEquals(-1, in.read());
    }
}
