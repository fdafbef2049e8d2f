package dev.lamina.cli;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The size of the user's terminal, as an engine's container or exec terminal is told it (rows, then columns). */
record WindowSize(int rows, int columns) {
    private static final int STDIN = 0, STDOUT = 1;

    /** Standard input's terminal size, else standard output's; null when neither is a terminal. */
    static WindowSize ofUser(HostCalls h) {
        WindowSize s = of(h, STDIN);
        return s != null ? s : of(h, STDOUT);
    }

    private static WindowSize of(HostCalls h, int fd) {
        try {
            MemorySegment ws = h.scratch(Layouts.WINSIZE_SIZE);
            if (h.syscall(Sysno.IOCTL, fd, Flags.TIOCGWINSZ, ws.address()) < 0) return null;
            // struct winsize: unsigned short ws_row, ws_col, ...
            return new WindowSize(Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2)));
        } finally {
            h.release();
        }
    }
}
