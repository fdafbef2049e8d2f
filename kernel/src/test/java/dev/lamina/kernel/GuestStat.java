package dev.lamina.kernel;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A struct stat as a guest receives it from stat, lstat or newfstatat. */
record GuestStat(byte[] bytes) {
    GuestStat {
        if (bytes.length != Layouts.STAT_SIZE) throw new IllegalArgumentException("a " + bytes.length + "-byte struct stat");
    }

    private int i32(int at) { return MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_INT_UNALIGNED, at); }

    private long i64(int at) { return MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_LONG_UNALIGNED, at); }

    int mode() { return i32(Layouts.STAT_MODE); }

    int type() { return mode() & Flags.S_IFMT; }

    int permissions() { return mode() & 07777; }

    int uid() { return i32(Layouts.STAT_UID); }

    int gid() { return i32(Layouts.STAT_GID); }

    long nlink() { return i64(Layouts.STAT_NLINK); }

    long ino() { return i64(Layouts.STAT_INO); }

    long size() { return i64(Layouts.STAT_SIZE_FIELD); }

    long rdev() { return i64(Layouts.STAT_RDEV); }

    long dev() { return i64(Layouts.STAT_DEV); }

    /** st_mtim.tv_sec: after atime's timespec. */
    long mtime() { return i64(Layouts.STAT_ATIME + 16); }
}
