package dev.lamina.image.layer;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Sets an extended attribute on a host file without following a symlink, in any
 * namespace (Java's attribute view reaches user.* only; security.capability is
 * not there).
 */
final class HostXattrs {
    static final int EPERM = 1;
    static final int EOPNOTSUPP = 95;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle LSETXATTR = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("lsetxattr"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private HostXattrs() {}

    /** Sets {@code name} on {@code p}; returns 0 or the errno. */
    static int set(Path p, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(CAPTURE);
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            int r = (int) LSETXATTR.invokeExact(errno, arena.allocateFrom(p.toString()), arena.allocateFrom(name), v,
                    (long) value.length, 0);
            return r == 0 ? 0 : (int) ERRNO.get(errno, 0L);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("lsetxattr failed", t);
        }
    }
}
