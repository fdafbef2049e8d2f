package dev.lamina.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.channel.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's abstract names: its prefix first (the init host knows its sockets by it), then a part no guest guesses. */
class KernelNamesTest {
    @Test
    void aNameCannotBeTakenAheadFromTheOneBefore() {
        Set<String> randomParts = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String name = new String(KernelNames.next(Protocol.NETLINK_PEER), StandardCharsets.US_ASCII);
            assertTrue(name.startsWith(Protocol.NETLINK_PEER + ProcessHandle.current().pid() + ":"), name);
            String[] parts = name.substring(Protocol.NETLINK_PEER.length()).split(":");
            assertEquals(3, parts.length, name); // the JVM, a count, the random part
            randomParts.add(parts[2]);
        }
        assertEquals(100, randomParts.size(), "a random part of its own for each name");
    }
}
