package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Calls on absolute host paths the kernel itself chose (bound devices,
 * musl+, /proc of the host): never paths a guest supplied. */
public final class HostPaths {
    private HostPaths() {}

    public static long stat(HostCalls h, String path, MemorySegment st) {
        return h.syscall(Sysno.STAT, h.cstring(path).address(), st.address());
    }

    public static long mode(HostCalls h, String path) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        long r = stat(h, path, st);
        return r < 0 ? r : Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE));
    }

    public static long open(HostCalls h, String path, int flags, int mode) {
        return h.syscall(Sysno.OPEN, h.cstring(path).address(), flags | Flags.O_CLOEXEC, mode);
    }

    /** The target of a host symlink (for /proc/PID/fd/N), or null. */
    public static String readlink(HostCalls h, String path) {
        MemorySegment buf = h.scratch(Flags.PATH_MAX);
        long n = h.syscall(Sysno.READLINK, h.cstring(path).address(), buf.address(), Flags.PATH_MAX - 1);
        if (n < 0) return null;
        byte[] b = new byte[(int) n];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, 0, (int) n);
        return Utf8b.decode(b);
    }
}
