package dev.lamina.kernel;

import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** A reply as the guest's end of a channel receives it: the result, the
 * output items, the fds that rode along (now this JVM's) and the flags. */
record ReceivedReply(long ret, List<byte[]> items, int[] fds, int flags) {
    /** The one fd a call that opens something hands back. */
    int fd() {
        if (fds.length != 1) throw new IllegalStateException("reply " + ret + " carries " + fds.length + " fds");
        return fds[0];
    }

    byte[] item(int i) { return items.get(i); }

    /** Item i as a u32 (getresuid's ids, say). */
    int intItem(int i) { return MemorySegment.ofArray(items.get(i)).get(ValueLayout.JAVA_INT_UNALIGNED, 0); }

    /** Item i up to its first NUL. */
    String string(int i) {
        byte[] b = items.get(i);
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return Utf8b.decode(b, 0, n);
    }

    /** Item i as a struct stat. */
    GuestStat stat(int i) { return new GuestStat(items.get(i)); }

    void closeFds() {
        try (HostCalls h = new HostCalls()) {
            for (int fd : fds) h.syscall(Sysno.CLOSE, fd);
        }
    }
}
