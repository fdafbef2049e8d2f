package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The user's terminal in raw mode while a container's terminal is relayed to it:
 * keys go through untouched (Ctrl-C reaches the container's foreground process
 * as a byte, not lamina as a signal), output is not processed twice. close()
 * puts back the settings found.
 */
public final class RawMode implements AutoCloseable {
    private final int fd;
    private final byte[] saved;
    private boolean restored;

    private RawMode(int fd, byte[] saved) {
        this.fd = fd;
        this.saved = saved;
    }

    /** Whether {@code fd} is a terminal. */
    public static boolean isTerminal(HostCalls h, int fd) {
        try {
            return h.syscall(Sysno.IOCTL, fd, Flags.TCGETS, h.scratch(Layouts.TERMIOS_SIZE).address()) >= 0;
        } finally {
            h.release();
        }
    }

    /** Raw mode on {@code fd}, or null when it is not a terminal. */
    public static RawMode enter(HostCalls h, int fd) {
        try {
            MemorySegment t = h.scratch(Layouts.TERMIOS_SIZE);
            if (h.syscall(Sysno.IOCTL, fd, Flags.TCGETS, t.address()) < 0) return null;
            byte[] saved = t.toArray(ValueLayout.JAVA_BYTE);
            // What cfmakeraw(3) does.
            update(t, Layouts.TERMIOS_IFLAG, ~(Flags.IGNBRK | Flags.BRKINT | Flags.PARMRK | Flags.ISTRIP | Flags.INLCR
                    | Flags.IGNCR | Flags.ICRNL | Flags.IXON), 0);
            update(t, Layouts.TERMIOS_OFLAG, ~Flags.OPOST, 0);
            update(t, Layouts.TERMIOS_LFLAG, ~(Flags.ECHO | Flags.ECHONL | Flags.ICANON | Flags.ISIG | Flags.IEXTEN), 0);
            update(t, Layouts.TERMIOS_CFLAG, ~(Flags.CSIZE | Flags.PARENB), Flags.CS8);
            t.set(ValueLayout.JAVA_BYTE, Layouts.TERMIOS_CC + Flags.VMIN, (byte) 1);
            t.set(ValueLayout.JAVA_BYTE, Layouts.TERMIOS_CC + Flags.VTIME, (byte) 0);
            if (h.syscall(Sysno.IOCTL, fd, Flags.TCSETS, t.address()) < 0) return null;
            return new RawMode(fd, saved);
        } finally {
            h.release();
        }
    }

    private static void update(MemorySegment t, long offset, int keep, int add) {
        t.set(ValueLayout.JAVA_INT_UNALIGNED, offset, (t.get(ValueLayout.JAVA_INT_UNALIGNED, offset) & keep) | add);
    }

    /** Puts the terminal back as it was; safe to call twice (normal end, then a shutdown hook). */
    @Override
    public synchronized void close() {
        if (restored) return;
        restored = true;
        try (HostCalls h = new HostCalls()) {
            MemorySegment t = h.scratch(Layouts.TERMIOS_SIZE);
            MemorySegment.copy(saved, 0, t, ValueLayout.JAVA_BYTE, 0, saved.length);
            h.syscall(Sysno.IOCTL, fd, Flags.TCSETS, t.address());
        }
    }
}
