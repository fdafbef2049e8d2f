package dev.lamina.kernel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class HostCallsTest {
    @Test
    void aClosedInstancesScratchMemoryServesTheNextZeroed() {
        long address;
        try (HostCalls h = new HostCalls()) {
            MemorySegment m = h.scratch(64);
            m.fill((byte) 7);
            address = m.address();
        }
        try (HostCalls h = new HostCalls()) {
            MemorySegment m = h.scratch(64);
            assertEquals(address, m.address(), "fresh memory, page-faulted in, for each short-lived instance");
            for (long i = 0; i < m.byteSize(); i++) assertEquals(0, m.get(ValueLayout.JAVA_BYTE, i));
        }
    }

    @Test
    void anOpenInstancesScratchMemoryIsItsOwn() {
        try (HostCalls a = new HostCalls(); HostCalls b = new HostCalls()) {
            MemorySegment ma = a.scratch(64), mb = b.scratch(64);
            assertNotEquals(ma.address(), mb.address());
            a.release();
            assertEquals(ma.address(), a.scratch(64).address());
        }
    }
}
