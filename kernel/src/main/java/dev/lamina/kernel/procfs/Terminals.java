package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostProcStat;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which host terminals a container may open. Opens are made by the kernel, so
 * /dev/tty would otherwise be the kernel's own terminal (the user's, even under
 * `run -t`) and /dev/pts/N any terminal of the host user's: the container gets the
 * controlling terminal of the process asking, and the ptys it made through
 * /dev/ptmx, and no other.
 */
public final class Terminals {
    public static final String TTY = "/dev/tty";
    public static final String PTMX = "/dev/ptmx";

    /** The ptys the container made, by number, with the change time of their /dev/pts node then: a number the
     * host gives again after the container's pty is gone is another terminal (a node made anew), perhaps a host
     * user's. Guests cannot change a pty node's metadata (chmod and chown are refused), so the time stays. */
    private final Map<Integer, Long> made = new ConcurrentHashMap<>();

    /** The host path of the controlling terminal of {@code t}'s process, or null when it has none. */
    public String controlling(Task t) {
        int pid = t.process().hostPidOnceStarted();
        if (pid <= 0) return null;
        var stat = HostProcStat.read(pid);
        if (stat.isEmpty()) return null;
        int dev = Integer.parseInt(stat.get().field(HostProcStat.TTY_NR));
        if (dev == 0) return null;
        int major = Flags.major(dev), minor = Flags.minor(dev);
        if (major >= Flags.PTY_FOLLOWER_MAJOR_FIRST && major <= Flags.PTY_FOLLOWER_MAJOR_LAST)
            return "/dev/pts/" + ((major - Flags.PTY_FOLLOWER_MAJOR_FIRST) * 256 + minor);
        try {
            // Consoles and serial lines: sysfs names the device.
            for (String line : Files.readAllLines(Path.of("/sys/dev/char/" + major + ":" + minor + "/uevent")))
                if (line.startsWith("DEVNAME=")) return "/dev/" + line.substring(8);
        } catch (IOException e) {
            // no name to open it by
        }
        return null;
    }

    /** Records the pty a guest's open of /dev/ptmx (host descriptor {@code leader}) made. */
    public void madeBy(HostCalls h, int leader) {
        MemorySegment n = h.scratch(4);
        if (h.syscall(Sysno.IOCTL, leader, Flags.TIOCGPTN, n.address()) < 0) return;
        int pty = n.get(ValueLayout.JAVA_INT, 0);
        asDockersDevpts(pty);
        long changed = changeTime(pty);
        if (changed >= 0) made.put(pty, changed);
    }

    /**
     * Gives a new pty's follower the group tty and mode 0620, as Docker's devpts (mode=620,gid=5)
     * makes it, where the host's may make it 0600: when the kernel may (root) give it that group,
     * and only then (the mode would let the host user's own group write to it). Before its change
     * time is recorded; the container's leader holds the number, so it is still this terminal.
     */
    private static void asDockersDevpts(int n) {
        Path node = Path.of("/dev/pts/" + n);
        try {
            Files.setAttribute(node, "unix:gid", TTY_GID);
            Files.setPosixFilePermissions(node, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w----"));
        } catch (IOException | UnsupportedOperationException e) {
            // not allowed to: the host's mode stays
        }
    }

    /** The group tty (Docker's devpts gid=5, the images' tty group). */
    private static final int TTY_GID = 5;

    /** /dev/pts/{@code n}'s change time in nanoseconds, or -1 when there is none. */
    private static long changeTime(int n) {
        try {
            java.nio.file.attribute.FileTime t = (java.nio.file.attribute.FileTime) Files.getAttribute(Path.of("/dev/pts/" + n), "unix:ctime");
            return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Whether pty {@code n} is one the container made and still the same terminal; forgets it when it is not. */
    private boolean stillMade(int n) {
        Long then = made.get(n);
        if (then == null) return false;
        if (changeTime(n) == then) return true;
        made.remove(n, then);
        return false;
    }

    /** The ptys {@code t} may open that exist now: those the container made, and its controlling terminal if a pty. */
    public java.util.SortedSet<Integer> openable(Task t) {
        java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
        for (int n : made.keySet()) if (stillMade(n)) out.add(n);
        String own = controlling(t);
        if (own != null && own.startsWith("/dev/pts/")) out.add(Integer.parseInt(own.substring("/dev/pts/".length())));
        return out;
    }

    /** Whether {@code t} may open /dev/pts/{@code n}. */
    public boolean mayOpen(Task t, int n) {
        return stillMade(n) || ("/dev/pts/" + n).equals(controlling(t));
    }
}
