package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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

    private final Set<Integer> made = ConcurrentHashMap.newKeySet();

    /** The host path of the controlling terminal of {@code t}'s process, or null when it has none. */
    public String controlling(Task t) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(t.process().hostPid()), "stat"));
        } catch (IOException e) {
            return null;
        }
        // After the command name in parentheses: state ppid pgrp session tty_nr.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        int dev = Integer.parseInt(fields[4]);
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
        if (h.syscall(Sysno.IOCTL, leader, Flags.TIOCGPTN, n.address()) >= 0) made.add(n.get(ValueLayout.JAVA_INT, 0));
    }

    /** The ptys {@code t} may open that exist now: those the container made, and its controlling terminal if a pty. */
    public java.util.SortedSet<Integer> openable(Task t) {
        java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
        for (int n : made) if (Files.exists(Path.of("/dev/pts/" + n))) out.add(n);
        String own = controlling(t);
        if (own != null && own.startsWith("/dev/pts/")) out.add(Integer.parseInt(own.substring("/dev/pts/".length())));
        return out;
    }

    /** Whether {@code t} may open /dev/pts/{@code n}. */
    public boolean mayOpen(Task t, int n) {
        return made.contains(n) || ("/dev/pts/" + n).equals(controlling(t));
    }
}
