package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.vfs.Node;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * struct statx made from the struct stat the kernel already gives a node
 * (owners, link counts and synthetic files as stat shows them): the basic
 * fields, and a file's birth time where the host's file system keeps one
 * (not for /proc and /sys, whose files have none on Linux). Linux may
 * answer fewer fields than asked for; stx_mask says which (no mount id here).
 */
final class Statx {
    private Statx() {}

    static byte[] of(Task t, Node node, byte[] stat) {
        MemorySegment st = MemorySegment.ofArray(stat);
        MemorySegment sx = MemorySegment.ofArray(new byte[Layouts.STATX_SIZE]);
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STATX_MASK, Flags.STATX_BASIC_STATS);
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STATX_BLKSIZE, (int) st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_BLKSIZE));
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STATX_NLINK, (int) st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_NLINK));
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STATX_UID, st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID));
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STATX_GID, st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID));
        sx.set(ValueLayout.JAVA_SHORT_UNALIGNED, Layouts.STATX_MODE, (short) st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_MODE));
        sx.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STATX_INO, st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_INO));
        sx.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STATX_SIZE_FIELD, st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_SIZE_FIELD));
        sx.set(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STATX_BLOCKS, st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_BLOCKS));
        // stat's three timespecs are atime, mtime, ctime; statx orders them atime, btime, ctime, mtime.
        time(st, Layouts.STAT_ATIME, sx, Layouts.STATX_ATIME);
        time(st, Layouts.STAT_MTIME, sx, Layouts.STATX_MTIME);
        time(st, Layouts.STAT_MTIME + 16, sx, Layouts.STATX_CTIME);
        device(st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_RDEV), sx, Layouts.STATX_RDEV_MAJOR);
        device(st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_DEV), sx, Layouts.STATX_DEV_MAJOR);
        if (node instanceof Node.InTree in && !(in.tree() == t.kernel().state() && !in.rel().startsWith("dev"))) {
            MemorySegment host = t.host().scratch(Layouts.STATX_SIZE);
            if (in.tree().birth(t.host(), in.rel(), host) == 0
                    && (host.get(ValueLayout.JAVA_INT, Layouts.STATX_MASK) & Flags.STATX_BTIME_BIT) != 0) {
                MemorySegment.copy(host, Layouts.STATX_BTIME, sx, Layouts.STATX_BTIME, 16);
                sx.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STATX_MASK, Flags.STATX_BASIC_STATS | Flags.STATX_BTIME_BIT);
            }
        }
        return sx.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void time(MemorySegment st, long from, MemorySegment sx, long to) {
        sx.set(ValueLayout.JAVA_LONG_UNALIGNED, to, st.get(ValueLayout.JAVA_LONG_UNALIGNED, from));
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, to + 8, (int) st.get(ValueLayout.JAVA_LONG_UNALIGNED, from + 8));
    }

    /** A dev_t split as Linux's new_decode_dev does: major then minor, each a u32. */
    private static void device(long dev, MemorySegment sx, long major) {
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, major, (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)));
        sx.set(ValueLayout.JAVA_INT_UNALIGNED, major + 4, (int) ((dev & 0xff) | ((dev >>> 12) & 0xffffff00L)));
    }
}
