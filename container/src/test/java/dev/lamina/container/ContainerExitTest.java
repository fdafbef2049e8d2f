package dev.lamina.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Wait statuses as a shell (and Docker) reports them. */
class ContainerExitTest {
    @Test
    void exitCodesAndSignals() {
        assertEquals(0, ContainerExit.fromWaitStatus(0));
        assertEquals(7, ContainerExit.fromWaitStatus(7 << 8));
        assertEquals(255, ContainerExit.fromWaitStatus(255 << 8));
        assertEquals(130, ContainerExit.fromWaitStatus(2)); // SIGINT
        assertEquals(137, ContainerExit.fromWaitStatus(9 | 0x80)); // SIGKILL, core dumped
    }
}
