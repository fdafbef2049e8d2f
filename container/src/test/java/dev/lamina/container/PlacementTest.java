package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** `--cpuset-cpus` and `--oom-score-adj` as dockerd reads and refuses them. */
class PlacementTest {
    @Test
    void cpusetListsAsLinuxWritesThem() {
        assertEquals(List.of(0, 1, 2, 5), List.copyOf(Placement.parse("0-2,5")));
        assertEquals(List.of(3), List.copyOf(Placement.parse("3")));
        for (String bad : List.of("x", "1-", "-1", "2-1", "1,,2", "1-2-3", ""))
            assertNull(Placement.parse(bad), bad);
        assertEquals(List.of(), Placement.cpus(""));
        assertEquals(List.of(), Placement.cpus(null));
        assertEquals(List.of(0), Placement.cpus("0"));
        assertEquals("Invalid value 1-x for cpuset cpus", assertThrows(ContainerSpecException.class, () -> Placement.cpus("1-x")).getMessage());
        ContainerSpecException missing = assertThrows(ContainerSpecException.class, () -> Placement.cpus("8191"));
        assertEquals(true, missing.getMessage().startsWith("Requested CPUs are not available - requested 8191, available: "));
    }

    @Test
    void oomScoreAdjInDockersRange() {
        assertNull(Placement.oomScoreAdj(null));
        assertNull(Placement.oomScoreAdj(0));
        assertEquals(-1000, Placement.oomScoreAdj(-1000));
        assertEquals("Invalid value 1001, range for oom score adj is [-1000, 1000]",
                assertThrows(ContainerSpecException.class, () -> Placement.oomScoreAdj(1001)).getMessage());
    }
}
