package dev.lamina.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's tables of a container's sockets: no entry pushed out by another's. */
class SocketTableTest {
    private final Set<Long> held = new HashSet<>();
    private final SocketTable<Long, String> table = new SocketTable<>(() -> Set.copyOf(held));

    @Test
    void entriesOfSocketsGoneMakeRoom() {
        held.add(1L);
        assertTrue(table.put(1L, 1L, "root's"));
        for (long i = 2; i < 3 * SocketTable.MAX; i++) assertTrue(table.put(i, i, "gone"), "entry " + i);
        assertEquals("root's", table.get(1L));
        assertTrue(table.size() <= SocketTable.MAX);
    }

    @Test
    void aFullTableOfHeldSocketsRefusesNewOnes() throws InterruptedException {
        for (long i = 1; i <= SocketTable.MAX; i++) {
            held.add(i);
            assertTrue(table.put(i, i, "held"));
        }
        held.add(0L);
        assertFalse(table.hasRoom());
        assertFalse(table.put(0L, 0L, "new"));
        assertEquals(null, table.get(0L));
        assertTrue(table.put(1L, 1L, "changed"), "an entry there is changed");
        assertEquals("changed", table.get(1L));
        held.remove(2L);
        assertFalse(table.put(0L, 0L, "new"), "the table was full of held sockets a moment ago: not walked again at once");
        Thread.sleep(SocketTable.PRUNE_GAP_NANOS / 1_000_000 + 10);
        assertTrue(table.put(0L, 0L, "new"), "room once a socket is gone");
        assertEquals(null, table.get(2L));
    }
}
