package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The AF_UNIX stream and seqpacket sockets the kernel makes for a guest.
 * A guest holds a placeholder until its socket is bound, listened on or
 * connected (lkl-linux/src/unix_socket.c: unconnected, guest code could
 * connect it to a host path itself); the kernel's socket then takes the
 * placeholder's descriptor, with its type, O_NONBLOCK and the options a
 * program sets before connecting.
 */
public final class PlaceholderSockets {
    private PlaceholderSockets() {}

    /** Linux's listen backlog ceiling by default (SOMAXCONN, net.core.somaxconn); the guest's own listen sets its own. */
    public static final int BACKLOG = 4096;
    private static final int[] INT_OPTIONS = {Flags.SO_PASSCRED, Flags.SO_PASSSEC};
    private static final int[] BUFFER_OPTIONS = {Flags.SO_SNDBUF, Flags.SO_RCVBUF};
    private static final int[] TIME_OPTIONS = {Flags.SO_RCVTIMEO_OLD, Flags.SO_SNDTIMEO_OLD};

    /** A new socket like the placeholder, close-on-exec in the kernel; the caller owns it. */
    public static int like(HostCalls h, int placeholder) {
        GuestSocket g = GuestSocket.of(h, placeholder);
        if (g.domain() != Flags.AF_UNIX || (g.type() != Flags.SOCK_STREAM && g.type() != Flags.SOCK_SEQPACKET))
            throw new LinuxError(Errno.EINVAL);
        long status = LinuxError.check(h.syscall(Sysno.FCNTL, placeholder, Flags.F_GETFL));
        int fd = (int) LinuxError.check(h.syscall(Sysno.SOCKET, Flags.AF_UNIX,
                g.type() | Flags.SOCK_CLOEXEC | (status & Flags.O_NONBLOCK), 0));
        MemorySegment v = h.scratch(Layouts.OLD_TIMEVAL_SIZE + 4);
        MemorySegment len = v.asSlice(Layouts.OLD_TIMEVAL_SIZE, 4);
        for (int name : INT_OPTIONS)
            if (get(h, placeholder, name, v, len, 4) && v.get(ValueLayout.JAVA_INT, 0) != 0)
                h.syscall(Sysno.SETSOCKOPT, fd, Flags.SOL_SOCKET, name, v.address(), 4);
        // Linux doubles the size a program sets, and shows the doubled size.
        for (int name : BUFFER_OPTIONS)
            if (get(h, placeholder, name, v, len, 4)) {
                v.set(ValueLayout.JAVA_INT, 0, v.get(ValueLayout.JAVA_INT, 0) / 2);
                h.syscall(Sysno.SETSOCKOPT, fd, Flags.SOL_SOCKET, name, v.address(), 4);
            }
        for (int name : TIME_OPTIONS)
            if (get(h, placeholder, name, v, len, Layouts.OLD_TIMEVAL_SIZE)
                    && (v.get(ValueLayout.JAVA_LONG, 0) != 0 || v.get(ValueLayout.JAVA_LONG, 8) != 0))
                h.syscall(Sysno.SETSOCKOPT, fd, Flags.SOL_SOCKET, name, v.address(), Layouts.OLD_TIMEVAL_SIZE);
        return fd;
    }

    private static boolean get(HostCalls h, int fd, int name, MemorySegment v, MemorySegment len, int size) {
        v.asSlice(0, Layouts.OLD_TIMEVAL_SIZE).fill((byte) 0);
        len.set(ValueLayout.JAVA_INT, 0, size);
        return h.syscall(Sysno.GETSOCKOPT, fd, Flags.SOL_SOCKET, name, v.address(), len.address()) == 0;
    }

    /** Binds fd at a sockaddr_un (family and sun_path's bytes; the family alone: a name Linux picks). */
    public static long bind(HostCalls h, int fd, byte[] name) {
        MemorySegment a = address(h, name);
        return h.syscall(Sysno.BIND, fd, a.address(), a.byteSize());
    }

    /** Connects fd to a sockaddr_un; with no right to reach it (Landlock's scope), ECONNREFUSED, as a name no one bound. */
    public static long connect(HostCalls h, int fd, byte[] name) {
        MemorySegment a = address(h, name);
        long r = h.syscall(Sysno.CONNECT, fd, a.address(), a.byteSize());
        return r == -Errno.EPERM ? -Errno.ECONNREFUSED : r;
    }

    /** A connect's answer r on fd, where a signal ended it (-ERESTARTSYS): Linux makes it again after the handler
     * only when fd has no send timeout (sock_intr_errno), else it is EINTR, as signal(7) says. */
    public static long restartable(HostCalls h, int fd, long r) {
        if (r != -Errno.ERESTARTSYS) return r;
        MemorySegment v = h.scratch(Layouts.OLD_TIMEVAL_SIZE + 4);
        MemorySegment len = v.asSlice(Layouts.OLD_TIMEVAL_SIZE, 4);
        boolean timeout = get(h, fd, Flags.SO_SNDTIMEO_OLD, v, len, Layouts.OLD_TIMEVAL_SIZE)
                && (v.get(ValueLayout.JAVA_LONG, 0) != 0 || v.get(ValueLayout.JAVA_LONG, 8) != 0);
        return timeout ? -Errno.EINTR : r;
    }

    private static MemorySegment address(HostCalls h, byte[] name) {
        MemorySegment a = h.scratch(2 + name.length);
        a.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
        MemorySegment.copy(name, 0, a, ValueLayout.JAVA_BYTE, 2, name.length);
        return a.asSlice(0, 2 + name.length);
    }

    /**
     * Does work on fd, a socket of the kernel's made for it: fd once the work succeeds, else its error, fd
     * closed then whatever ended it (a LinuxError of the guest's path included: a socket left open at each
     * failed connect would run the kernel out of descriptors, every container's with it).
     */
    public static long kept(HostCalls h, int fd, java.util.function.IntToLongFunction work) {
        long done = -Errno.EIO;
        try {
            done = work.applyAsLong(fd);
        } catch (LinuxError e) {
            done = -e.errno();
        } finally {
            if (done < 0) h.syscall(Sysno.CLOSE, fd);
        }
        return done < 0 ? done : fd;
    }
}
