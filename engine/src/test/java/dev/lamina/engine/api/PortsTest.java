package dev.lamina.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Host addresses as Docker prints them (Go's net.IP.String). */
class PortsTest {
    private static String text(String address) throws Exception {
        return Ports.text(InetAddress.getByName(address));
    }

    @Test
    void ipv6IsWrittenShortAsGoWritesIt() throws Exception {
        assertEquals("::1", text("0:0:0:0:0:0:0:1"));
        assertEquals("::", text("::"));
        assertEquals("fe80::1:2", text("fe80:0:0:0:0:0:1:2"));
        assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"), "the first of two equal runs");
        assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"), "a single zero word stays");
        assertEquals("1::", text("1:0:0:0:0:0:0:0"));
        assertEquals("127.0.0.1", text("127.0.0.1"));
    }
}
