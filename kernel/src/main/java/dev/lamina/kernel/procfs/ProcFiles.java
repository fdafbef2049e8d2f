package dev.lamina.kernel.procfs;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.proc.GuestProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Contents of /proc/PID files: the host's own figures for the process,
 * with ids and names put in the container's terms. */
final class ProcFiles {
    private ProcFiles() {}

    /** The thread reading its own is running (see readsItself). Null once the host process is gone
     * (reaped between a listing and the open): its directory is gone on Linux. */
    static byte[] stat(Kernel kernel, GuestProcess p, dev.lamina.kernel.Task reader) {
        return stat(kernel, p, reader, null);
    }

    /**
     * /proc/PID/stat, or with {@code thread} a thread's own (task/TID/stat: its id, name,
     * state and times, from its host thread's), as `ps -L` and top's thread view read them.
     */
    static byte[] stat(Kernel kernel, GuestProcess p, dev.lamina.kernel.Task reader, ThreadIds thread) {
        Path file = thread == null ? Path.of("/proc", Integer.toString(p.hostPid()), "stat")
                : Path.of("/proc", Integer.toString(p.hostPid()), "task", Integer.toString(thread.hostTid()), "stat");
        String host = new String(ProcFs.readHost(file), StandardCharsets.UTF_8).trim();
        int close = host.lastIndexOf(')');
        if (close < 0) return null;
        String[] f = host.substring(close + 2).split(" ");
        // f[0] state, f[1] ppid, f[2] pgrp, f[3] session, f[4] tty, f[5] tpgid
        if (readsItself(reader, p, thread)) f[0] = "R";
        f[1] = Integer.toString(kernel.processes().parentOf(p, reader.host()));
        f[2] = Integer.toString(guest(kernel, f[2]));
        f[3] = Integer.toString(guest(kernel, f[3]));
        if (!f[5].equals("-1")) f[5] = Integer.toString(guest(kernel, f[5]));
        return Utf8b.encode((thread == null ? p.pid() : thread.tid()) + " (" + name(p, thread) + ") " + String.join(" ", f) + "\n");
    }

    /** Whether the thread shown (the main thread for the process's own files) is the reader:
     * running on Linux, while its host thread waits on the kernel for this read. The process's
     * other threads are as their host threads are. */
    private static boolean readsItself(dev.lamina.kernel.Task reader, GuestProcess p, ThreadIds thread) {
        return reader.process() == p && reader.tid() == (thread == null ? p.pid() : thread.tid());
    }

    /** A thread of a process: the container's id and its host thread's. */
    record ThreadIds(int tid, int hostTid) {}

    private static int guest(Kernel kernel, String hostId) {
        return kernel.processes().guestId(Integer.parseInt(hostId));
    }

    static byte[] comm(GuestProcess p) {
        return Utf8b.encode(name(p) + "\n");
    }

    /** The process's comm: its host process's, which the init host sets to the program's name at
     * each exec and the guest's prctl(PR_SET_NAME) changes; the program's name while the init host
     * starts (the host shows its own name then) or once the process is gone. */
    private static String name(GuestProcess p) {
        return name(p, null);
    }

    /** A thread's name is its own host thread's (pthread_setname_np), else the process's. */
    private static String name(GuestProcess p, ThreadIds thread) {
        Path comm = thread == null ? Path.of("/proc", Integer.toString(p.hostPid()), "comm")
                : Path.of("/proc", Integer.toString(p.hostPid()), "task", Integer.toString(thread.hostTid()), "comm");
        String host = Utf8b.decode(ProcFs.readHost(comm)).strip();
        if (!host.isEmpty() && !INIT_HOST_NAMES.contains(host)) return host;
        return p.plan() == null ? "" : p.plan().comm();
    }

    /** The host's comm of a starting init host: spawned as lamina-init, re-executed as /proc/self/exe. */
    private static final List<String> INIT_HOST_NAMES = List.of("lamina-init", "exe");

    static byte[] status(Kernel kernel, GuestProcess p, dev.lamina.kernel.Task reader) {
        return status(kernel, p, reader, null);
    }

    /** /proc/PID/status, or with {@code thread} a thread's own (task/TID/status: its id and name, state, times). */
    static byte[] status(Kernel kernel, GuestProcess p, dev.lamina.kernel.Task reader, ThreadIds thread) {
        boolean self = readsItself(reader, p, thread);
        Path file = thread == null ? Path.of("/proc", Integer.toString(p.hostPid()), "status")
                : Path.of("/proc", Integer.toString(p.hostPid()), "task", Integer.toString(thread.hostTid()), "status");
        String host = new String(ProcFs.readHost(file), StandardCharsets.UTF_8);
        if (host.isEmpty()) return null; // gone, as stat's
        Credentials c = p.credentials();
        StringBuilder sb = new StringBuilder();
        for (String line : host.split("\n")) {
            int colon = line.indexOf(':');
            String key = colon < 0 ? line : line.substring(0, colon);
            switch (key) {
                case "Name" -> sb.append("Name:\t").append(name(p, thread));
                case "Tgid", "NStgid" -> sb.append(key).append(":\t").append(p.pid());
                case "Pid", "NSpid" -> sb.append(key).append(":\t").append(thread == null ? p.pid() : thread.tid());
                case "PPid" -> sb.append("PPid:\t").append(kernel.processes().parentOf(p, reader.host()));
                case "TracerPid" -> sb.append("TracerPid:\t0");
                case "State" -> sb.append(self ? "State:\tR (running)" : line);
                case "NSpgid", "NSsid" -> sb.append(key).append(":\t")
                        .append(guest(kernel, line.substring(colon + 1).trim().split("\\s+")[0]));
                case "Uid" -> sb.append("Uid:\t").append(c.ruid()).append('\t').append(c.euid()).append('\t')
                        .append(c.suid()).append('\t').append(c.fsuid());
                case "Gid" -> sb.append("Gid:\t").append(c.rgid()).append('\t').append(c.egid()).append('\t')
                        .append(c.sgid()).append('\t').append(c.fsgid());
                // the groups and a space after them (one when there are none), as Linux's task_state writes them
                case "Groups" -> sb.append("Groups:\t").append(String.join(" ",
                        kernel.groups(reader, c).stream().map(String::valueOf).toList())).append(' ');
                // The container's capabilities, not the init host's (which keeps next to none on the host).
                case "CapInh" -> sb.append(capLine(key, c.caps().inheritable()));
                case "CapPrm" -> sb.append(capLine(key, c.caps().permitted()));
                case "CapEff" -> sb.append(capLine(key, c.caps().effective()));
                case "CapBnd" -> sb.append(capLine(key, c.caps().bounding()));
                case "CapAmb" -> sb.append(capLine(key, 0));
                // The container's flag (prctl, --security-opt no-new-privileges); the host's is set for confinement.
                case "NoNewPrivs" -> sb.append("NoNewPrivs:\t").append(c.noNewPrivs() ? 1 : 0);
                default -> sb.append(line);
            }
            sb.append('\n');
        }
        return Utf8b.encode(sb.toString());
    }

    private static String capLine(String key, long mask) {
        return key + ":\t" + String.format("%016x", mask);
    }

    /** The first five fields of a maps line (address, perms, offset, dev, inode), the padding, the path. */
    private static final java.util.regex.Pattern MAPS_LINE = java.util.regex.Pattern.compile("([0-9a-f]+-[0-9a-f]+ \\S+ \\S+ \\S+ \\S+)( *)(.*)");

    private static final String MEMFD = "/memfd:", SYSV_MEMFD = MEMFD + "SYSV";

    /**
     * The host's /proc/PID/maps (or smaps: each mapping's line followed by its figures) with
     * file names as the container sees them. The init host's own program is left out (the
     * guest has no name for it); its other memory cannot be told from the guest's and stays.
     */
    static byte[] maps(Kernel kernel, GuestProcess p, boolean smaps) {
        String host = Utf8b.decode(ProcFs.readHost(Path.of("/proc", Integer.toString(p.hostPid()), smaps ? "smaps" : "maps")));
        String initHost = kernel.runtimeFiles().initHost().toAbsolutePath().normalize().toString();
        StringBuilder sb = new StringBuilder();
        boolean shown = false;
        for (String line : host.split("\n")) {
            java.util.regex.Matcher m = MAPS_LINE.matcher(line);
            if (!m.matches()) {
                // smaps's "Key: value" lines, which go with the mapping above them
                if (smaps && shown && !line.isEmpty()) sb.append(line).append('\n');
                continue;
            }
            String path = m.group(3);
            shown = !path.equals(initHost) && !path.equals(initHost + " (deleted)");
            if (!shown) continue;
            sb.append(m.group(1)).append(m.group(2));
            // A System V segment (a memfd of the kernel's: ipc.SharedMemory) as Linux names one.
            if (path.startsWith(SYSV_MEMFD)) path = "/" + path.substring(MEMFD.length());
            else if (path.startsWith("/")) path = kernel.guestViewOfHost(path);
            sb.append(path).append('\n');
        }
        return Utf8b.encode(sb.toString());
    }

    /**
     * /proc/PID/cmdline as Linux reads it from the process's memory: its argument strings, or,
     * when the last byte of them is no longer a NUL (a program that retitled itself wrote
     * past them, setproctitle), up to the first NUL within a page. The exec's arguments while
     * the init host has not said where they lie, or when the memory cannot be read.
     */
    static byte[] cmdline(GuestProcess p, dev.lamina.kernel.host.HostCalls h) {
        // A process that has ended has no memory left to show, as Linux's zombie (ps shows "[name] <defunct>").
        if (p.state() == GuestProcess.State.ZOMBIE || p.host() != null && p.host().ended(h)) return new byte[0];
        dev.lamina.kernel.proc.ArgArea a = p.argArea();
        if (a == null) return nulJoined(p.argv());
        try (var mem = java.nio.channels.FileChannel.open(Path.of("/proc", Integer.toString(p.hostPid()), "mem"))) {
            // Opened by number: still this process's only if it has not ended since (its pidfd says), or
            // the number may be a host process's, whose memory this would read.
            if (p.host() == null || p.host().ended(h)) return new byte[0];
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            if (mem.read(last, a.argEnd() - 1) != 1) return nulJoined(p.argv());
            boolean retitled = last.get(0) != 0;
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(retitled ? PAGE : (int) Math.min(a.argEnd() - a.start(), 1 << 20));
            int n = Math.max(0, mem.read(b, a.start()));
            byte[] bytes = java.util.Arrays.copyOf(b.array(), n);
            if (!retitled) return bytes;
            for (int i = 0; i < n; i++)
                if (bytes[i] == 0) return java.util.Arrays.copyOf(bytes, i + 1);
            return bytes;
        } catch (java.io.IOException e) {
            return nulJoined(p.argv());
        }
    }

    private static final int PAGE = 4096;

    static byte[] nulJoined(List<String> strings) {
        StringBuilder sb = new StringBuilder();
        for (String s : strings) sb.append(s).append('\0');
        return Utf8b.encode(sb.toString());
    }
}
