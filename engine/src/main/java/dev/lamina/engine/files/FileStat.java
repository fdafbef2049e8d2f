package dev.lamina.engine.files;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What a struct stat says about one file of a container's root. */
record FileStat(int mode, long uid, long gid, long size, long mtime, long mtimeNanos, long nlink, long dev, long ino,
                long rdev) {
    static FileStat of(MemorySegment st) {
        return new FileStat(st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE),
                Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, Layouts.STAT_UID)),
                Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, Layouts.STAT_GID)),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_SIZE_FIELD),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_MTIME),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_MTIME + 8),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO),
                st.get(ValueLayout.JAVA_LONG, Layouts.STAT_RDEV));
    }

    int type() { return mode & Flags.S_IFMT; }

    int permissions() { return mode & 07777; }

    boolean directory() { return type() == Flags.S_IFDIR; }

    boolean regular() { return type() == Flags.S_IFREG; }

    boolean symlink() { return type() == Flags.S_IFLNK; }

    /** Linux's split of a device number (sys/sysmacros.h). */
    int major() { return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)); }

    int minor() { return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)); }
}
