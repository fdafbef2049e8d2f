package dev.lamina.kernel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A HostCallThread answers every call, whatever its setup or a call before did (a thread that ended left every
 * later call waiting for ever: the abstract-socket thread's, when a call of its could not start a thread). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HostCallThreadTest {
    @Test
    void aSetupThatFailedFailsEveryCall() {
        LinuxError noDescriptor = new LinuxError(Errno.EMFILE);
        try (HostCallThread t = new HostCallThread("test-unset", h -> { throw noDescriptor; })) {
            assertSame(noDescriptor, assertThrows(LinuxError.class, () -> t.run(h -> 1)));
            assertSame(noDescriptor, assertThrows(LinuxError.class, () -> t.run(h -> 2)));
        }
    }

    @Test
    void aSetupThatFailedIsTriedAgainBeforeTheNextCall() {
        int[] tries = {0};
        try (HostCallThread t = new HostCallThread("test-retry", h -> {
            if (++tries[0] <= 2) throw new LinuxError(Errno.ENFILE); // at the start, and again before the first call
        })) {
            assertEquals(Errno.ENFILE, assertThrows(LinuxError.class, () -> t.run(h -> 1)).errno());
            assertEquals(2, t.run(h -> 2));
            assertEquals(3, t.run(h -> 3));
            assertEquals(3, t.run(h -> tries[0]), "set up before the second call, then no more");
        }
    }

    @Test
    void aCallThatThrowsAnErrorLeavesTheThreadServing() {
        try (HostCallThread t = new HostCallThread("test-error", h -> {})) {
            assertThrows(IllegalStateException.class, () -> t.run(h -> { throw new OutOfMemoryError("no thread"); }));
            assertThrows(LinuxError.class, () -> t.run(h -> { throw new LinuxError(Errno.EINVAL); }));
            assertEquals(3, t.run(h -> 3));
        }
    }
}
