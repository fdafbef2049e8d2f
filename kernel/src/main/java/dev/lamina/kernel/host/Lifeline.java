package dev.lamina.kernel.host;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One pipe for the life of this JVM. Its write end is never closed, so it closes
 * only when the process ends, however it ends (a `kill -9` too); its read end goes
 * to every init host, which has the host kernel send it SIGKILL on that hang-up
 * (lkl-linux/src/lifeline.c). No guest outlives the Lamina that runs it.
 */
public final class Lifeline {
    private static int readEnd = -1;

    private Lifeline() {}

    /** The read end (close-on-exec here; a spawn hands it on explicitly). */
    public static synchronized int readEnd() {
        if (readEnd < 0) {
            try (HostCalls h = new HostCalls()) {
                MemorySegment fds = h.scratch(8);
                LinuxError.check(h.syscall(Sysno.PIPE2, fds.address(), Flags.O_CLOEXEC));
                readEnd = fds.get(ValueLayout.JAVA_INT, 0);
                // fds[1], the write end, stays open and unused until the JVM ends.
                h.release();
            }
        }
        return readEnd;
    }
}
