package dev.lamina.kernel.host;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A host pseudo-terminal: Lamina holds the leader side and relays it to the
 * user's terminal; the follower side is a container's terminal, so nothing in
 * the container ever holds the user's own (whose input it could otherwise
 * inject into with TIOCSTI once lamina exits).
 */
public record Pty(int leader, int follower) {
    public static Pty open(HostCalls h) {
        try {
            int leader = (int) LinuxError.check(h.syscall(Sysno.OPEN, h.cstring("/dev/ptmx").address(),
                    Flags.O_RDWR | Flags.O_NOCTTY | Flags.O_CLOEXEC));
            try {
                MemorySegment n = h.scratch(4);
                LinuxError.check(h.syscall(Sysno.IOCTL, leader, Flags.TIOCSPTLCK, n.address())); // n is 0: unlock
                LinuxError.check(h.syscall(Sysno.IOCTL, leader, Flags.TIOCGPTN, n.address()));
                String name = "/dev/pts/" + n.get(ValueLayout.JAVA_INT, 0);
                int follower = (int) LinuxError.check(h.syscall(Sysno.OPEN, h.cstring(name).address(),
                        Flags.O_RDWR | Flags.O_NOCTTY | Flags.O_CLOEXEC));
                return new Pty(leader, follower);
            } catch (LinuxError e) {
                h.syscall(Sysno.CLOSE, leader);
                throw e;
            }
        } finally {
            h.release();
        }
    }

    /** Sets the container's terminal to {@code rows} by {@code cols}; the host's result (a negative errno on failure). */
    public long resize(HostCalls h, int rows, int cols) {
        try {
            MemorySegment size = h.scratch(Layouts.WINSIZE_SIZE);
            size.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
            size.set(ValueLayout.JAVA_SHORT, 2, (short) cols);
            return h.syscall(Sysno.IOCTL, leader, Flags.TIOCSWINSZ, size.address());
        } finally {
            h.release();
        }
    }

    /** Closes Lamina's copy of the follower side, once the container holds its own. */
    public void closeFollower(HostCalls h) {
        h.syscall(Sysno.CLOSE, follower);
    }

    public void closeLeader(HostCalls h) {
        h.syscall(Sysno.CLOSE, leader);
    }
}
