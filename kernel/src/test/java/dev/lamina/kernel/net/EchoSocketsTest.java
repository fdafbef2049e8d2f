package dev.lamina.kernel.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The echo replies the kernel gives ICMP echo sockets: as Linux delivers them to raw and to ping sockets. */
class EchoSocketsTest {
    private static final int FROM = 172 << 24 | 18 << 16 | 3, TO = 172 << 24 | 18 << 16 | 2;

    /** An echo request, identifier 0x1234, sequence 7, an odd-length payload, checksummed as a sender does. */
    private static byte[] request() {
        ByteBuffer b = ByteBuffer.allocate(8 + 5).put((byte) 8).put((byte) 0).putShort((short) 0)
                .putShort((short) 0x1234).putShort((short) 7).put(new byte[] {1, 2, 3, 4, 5});
        b.putShort(2, EchoSockets.checksum(b.array(), 0, b.capacity()));
        return b.array();
    }

    @Test
    void aPingSocketGetsTheReplyAlone() {
        byte[] reply = EchoSockets.reply(request(), false, new EchoSockets.Path(FROM, TO));
        assertEquals(13, reply.length);
        assertEquals(0, reply[0]); // echo reply
        assertEquals(0, EchoSockets.checksum(reply, 0, reply.length)); // a valid checksum sums to 0
        assertArrayEquals(Arrays.copyOfRange(request(), 4, 13), Arrays.copyOfRange(reply, 4, 13));
    }

    @Test
    void aRawSocketGetsItBehindTheIpv4HeaderFromTheAddressPinged() {
        byte[] reply = EchoSockets.reply(request(), true, new EchoSockets.Path(FROM, TO));
        ByteBuffer b = ByteBuffer.wrap(reply);
        assertEquals(20 + 13, reply.length);
        assertEquals(0x45, reply[0]);
        assertEquals(33, b.getShort(2)); // total length
        assertEquals(64, reply[8]); // ttl
        assertEquals(1, reply[9]); // ICMP
        assertEquals(FROM, b.getInt(12));
        assertEquals(TO, b.getInt(16));
        assertEquals(0, EchoSockets.checksum(reply, 0, 20));
        assertEquals(0, reply[20]);
        assertEquals(0, EchoSockets.checksum(reply, 20, 13));
        assertEquals(0x1234, b.getShort(24));
        assertEquals(7, b.getShort(26));
    }
}
