package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A call a process sent just before it was killed can be read and served after the container has
 * ended, on a loaded machine, and its directory been removed: it fails (EIO) without the kernel
 * error line on lamina's stderr that a run's output would then carry now and then.
 */
class ContainerEndTest extends ContainerTest {
    @Test
    void aCallServedAfterTheEndFailsQuietly() throws Exception {
        try (GuestChannel late = new GuestChannel(c.kernel, c.init)) {
            c.close();
            // The container's directory is gone (lamina run removes it): its state is no directory now.
            Path state = dir.resolve("state");
            if (Files.exists(state)) {
                try (Stream<Path> all = Files.walk(state)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            Files.writeString(state, "");
            PrintStream err = System.err;
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            System.setErr(new PrintStream(said, true));
            try {
                ReceivedReply r = late.request(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_RDONLY | Flags.O_DIRECTORY, 0),
                        new byte[][] {TestContainer.path("/proc/1/fd")});
                r.closeFds();
                assertEquals(-Errno.EIO, r.ret());
            } finally {
                System.setErr(err);
            }
            // (Other tests' leftover threads may print meanwhile: only this call's line counts.)
            assertFalse(said.toString().contains("kernel error serving call " + Sysno.OPENAT), said.toString());
        }
    }
}
