package dev.lamina.kernel.procfs;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostDirectory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * getdents64 of the container's /proc, in Linux's order and at Linux's
 * positions (proc_root_readdir): "." at 0 and ".." at 1, the machine's files
 * from 2 by the length of their names and then by their bytes, "self" at 256
 * and "thread-self" at 257, then each process at 258 + its pid. ps and pidof
 * list processes in the directory's order; the host's listing of the state
 * tree is in its file system's hash order. A listing goes on from the first
 * entry at or past the position it stopped at, so processes that come or go
 * meanwhile shift nothing, as on Linux. The position is the guest's open
 * file's own (the descriptor it sent shares it), so lseek, rewinddir,
 * telldir and seekdir work on it as they do on Linux. getdents64 writes
 * struct linux_dirent64; the old getdents, struct linux_dirent.
 */
final class RootListing {
    private RootListing() {}

    private static final int FIRST_PROCESS_ENTRY = 256;
    private static final long TGID_OFFSET = FIRST_PROCESS_ENTRY + 2;
    /** Past the last process: Linux's PID_MAX_LIMIT + TGID_OFFSET. */
    private static final long END = 4 * 1024 * 1024 + TGID_OFFSET;
    private static final int DIRENT64_NAME = HostDirectory.DIRENT64_NAME;
    private static final int DIRENT_NAME = HostDirectory.DIRENT_NAME;
    private static final int HOST_BUFFER = 32 * 1024;

    /** An entry as the host lists it, with its place in Linux's order. */
    private record Entry(String name, long ino, int type, long position) {}

    /**
     * Fills at most count bytes of linux_dirent64 (or, old, linux_dirent)
     * from guestFd's position on, and moves that position past them: bytes
     * written (0 at the end), EINVAL when the next entry does not fit.
     */
    static byte[] list(HostCalls h, String hostDir, int guestFd, int count, boolean old) {
        return list(h, ordered(h, hostDir), guestFd, count, old);
    }

    /**
     * The same for another directory the kernel makes (/proc/sys/..., /proc/PID/..., /sys/...), which the host
     * lists in its file system's hash order: "." and ".." first, as Linux's pseudo file systems list them (procps's
     * sysctl skips the first two entries unread, and walked into "." for ever), then numbered entries by number
     * (/proc/PID/fd, task: lsof's order), then the rest by name (sysctl's tree), at positions 0, 1, 2...
     */
    static byte[] listKernelDirectory(HostCalls h, int guestFd, int count, boolean old) {
        List<Entry> entries = new ArrayList<>();
        // The guest's own directory, opened again through its descriptor, never by a path a guest could change
        // meanwhile (/dev/shm's names are its own).
        int fd = (int) LinuxError.check(h.syscall(Sysno.OPENAT, guestFd, h.cstring(".").address(),
                Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC));
        try {
            for (HostDirectory.Entry e : HostDirectory.entries(h, fd, h.scratch(HOST_BUFFER)))
                entries.add(new Entry(e.name(), e.ino(), e.type(), 0));
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
        entries.sort(Comparator.comparingInt((Entry e) -> e.name().equals(".") ? 0 : e.name().equals("..") ? 1 : number(e.name()) >= 0 ? 2 : 3)
                .thenComparingLong(e -> number(e.name())).thenComparing(Entry::name));
        List<Entry> placed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            placed.add(new Entry(e.name(), e.ino(), e.type(), i));
        }
        return list(h, placed, guestFd, count, old);
    }

    private static byte[] list(HostCalls h, List<Entry> entries, int guestFd, int count, boolean old) {
        long from = LinuxError.check(h.syscall(Sysno.LSEEK, guestFd, 0, Flags.SEEK_CUR));
        byte[] out = new byte[count];
        MemorySegment m = MemorySegment.ofArray(out);
        int used = 0;
        long next = from;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.position() < from) continue;
            byte[] name = Utf8b.encode(e.name());
            int reclen = ((old ? DIRENT_NAME + 2 : DIRENT64_NAME + 1) + name.length + 7) & ~7;
            if (used + reclen > count) {
                if (used == 0) throw new LinuxError(Errno.EINVAL);
                break;
            }
            next = i + 1 < entries.size() ? entries.get(i + 1).position() : END;
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, used, e.ino());
            m.set(ValueLayout.JAVA_LONG_UNALIGNED, used + 8, next);
            m.set(ValueLayout.JAVA_SHORT_UNALIGNED, used + 16, (short) reclen);
            m.set(ValueLayout.JAVA_BYTE, old ? used + reclen - 1 : used + 18, (byte) e.type());
            System.arraycopy(name, 0, out, used + (old ? DIRENT_NAME : DIRENT64_NAME), name.length);
            used += reclen;
        }
        if (used == 0) return new byte[0];
        LinuxError.check(h.syscall(Sysno.LSEEK, guestFd, next, Flags.SEEK_SET));
        return Arrays.copyOf(out, used);
    }

    private static List<Entry> ordered(HostCalls h, String hostDir) {
        List<Entry> machine = new ArrayList<>(), all = new ArrayList<>();
        int fd = (int) LinuxError.check(h.syscall(Sysno.OPENAT, Flags.AT_FDCWD, h.cstring(hostDir).address(),
                Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC));
        try {
            for (HostDirectory.Entry e : HostDirectory.entries(h, fd, h.scratch(HOST_BUFFER))) {
                long position = switch (e.name()) {
                    case "." -> 0;
                    case ".." -> 1;
                    case "self" -> FIRST_PROCESS_ENTRY;
                    case "thread-self" -> FIRST_PROCESS_ENTRY + 1;
                    default -> pid(e.name()) > 0 ? TGID_OFFSET + pid(e.name()) : -1;
                };
                (position < 0 ? machine : all).add(new Entry(e.name(), e.ino(), e.type(), position));
            }
        } finally {
            h.syscall(Sysno.CLOSE, fd);
        }
        machine.sort(Comparator.comparingInt((Entry e) -> e.name().length()).thenComparing(Entry::name));
        for (int i = 0; i < machine.size() && 2 + i < FIRST_PROCESS_ENTRY; i++) {
            Entry e = machine.get(i);
            all.add(new Entry(e.name(), e.ino(), e.type(), 2 + i));
        }
        all.sort(Comparator.comparingLong(Entry::position));
        return all;
    }

    /** A name that is a decimal number (a descriptor's, a thread's), or -1. */
    private static long number(String name) {
        if (name.isEmpty() || name.length() > 18 || (name.length() > 1 && name.charAt(0) == '0')) return -1;
        for (int i = 0; i < name.length(); i++) if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
        return Long.parseLong(name);
    }

    /** The pid a process's entry is named by, or 0. */
    private static int pid(String name) {
        long n = number(name);
        return n > 0 && name.length() <= 9 ? (int) n : 0;
    }
}
