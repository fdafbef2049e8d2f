package dev.lamina.kernel.net;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A count of the changes to where a TCP connect of the engine's containers leads: a port bound or
 * let go, a container's addresses, a run begun or ended. It is the first 8 bytes of a memfd page
 * that init hosts map read-only (one page for the whole engine), and a route an init host keeps
 * (lkl-linux/src/tcp_connect.c) holds while the page reads the count the route came with: it
 * learns without a round trip that the route still holds, and nothing has to tell it that one no
 * longer does. A change is made first and counted after, and a route is granted with the count
 * read before it is looked up, so a route looked up across a change is never kept.
 */
public final class RouteEpoch {
    private static final VarHandle COUNT = ValueLayout.JAVA_LONG.varHandle();

    /**
     * The kernel's writable mapping, and a read-only descriptor of the page whose copies are handed
     * out (a copy shares its read-only opening: a guest that changed the memfd's mode, through the
     * kernel's fchmod of a descriptor it holds, changes nothing for the next); null and -1 until an
     * init host first asks, or for good when the host refused to make it.
     */
    private volatile MemorySegment page;
    private int readOnly = -1;
    private boolean refused;

    /** The count now; 0 while no init host has the page (a route is kept by none then). */
    public long now() {
        MemorySegment p = page;
        return p == null ? 0 : (long) COUNT.getVolatile(p, 0L);
    }

    /** Counts a change, made before this call. */
    public void bump() {
        MemorySegment p = page;
        if (p != null) COUNT.getAndAdd(p, 0L, 1L);
    }

    /**
     * A read-only descriptor of the page (close-on-exec; the caller hands it over or closes it),
     * the page made at the first call; a negative errno when the host refuses.
     */
    public synchronized long handOut(HostCalls h) {
        if (refused) return -Errno.ENOMEM;
        if (readOnly < 0) {
            long r = make(h);
            if (r < 0) {
                refused = true;
                return r;
            }
        }
        return h.syscall(Sysno.FCNTL, readOnly, Flags.F_DUPFD_CLOEXEC, 0);
    }

    private long make(HostCalls h) {
        long fd = h.syscall(Sysno.MEMFD_CREATE, h.cstring("lamina-route-epoch").address(), Flags.MFD_CLOEXEC | Flags.MFD_ALLOW_SEALING);
        if (fd < 0) return fd;
        long r = h.syscall(Sysno.FTRUNCATE, fd, 4096);
        MemorySegment p = null;
        if (r >= 0) {
            try (FileChannel c = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                p = c.map(FileChannel.MapMode.READ_WRITE, 0, 8, Arena.global());
            } catch (IOException | UncheckedIOException e) {
                r = -Errno.ENOMEM;
            }
        }
        // Only the kernel writes it, through the mapping it has: no one may open it again for writing, map it
        // writable or write it, nor make it shrink or grow.
        if (r >= 0) r = h.syscall(Sysno.FCHMOD, fd, 0400);
        if (r >= 0) r = h.syscall(Sysno.FCNTL, fd, Flags.F_ADD_SEALS,
                Flags.F_SEAL_SHRINK | Flags.F_SEAL_GROW | Flags.F_SEAL_FUTURE_WRITE | Flags.F_SEAL_SEAL);
        long ro = r < 0 ? r : h.syscall(Sysno.OPENAT, -100, h.cstring("/proc/self/fd/" + fd).address(), Flags.O_RDONLY | Flags.O_CLOEXEC);
        h.syscall(Sysno.CLOSE, fd); // the mapping and the read-only opening keep the page
        if (ro < 0) return ro;
        COUNT.setVolatile(p, 0L, 1L);
        page = p;
        readOnly = (int) ro;
        return 0;
    }
}
