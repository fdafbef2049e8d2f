package dev.lamina.kernel.host;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** A host directory's entries, read through its descriptor (getdents64). */
public final class HostDirectory {
    /** struct linux_dirent64: d_ino (u64), d_off (s64), d_reclen (u16), d_type (u8), then the name. */
    public static final int DIRENT64_INO = 0, DIRENT64_RECLEN = 16, DIRENT64_TYPE = 18, DIRENT64_NAME = 19;
    /** struct linux_dirent (the old getdents): d_ino, d_off (u64 each), d_reclen (u16) as above, the name, its NUL,
     * d_type in the record's last byte. */
    public static final int DIRENT_NAME = 18;
    /** An entry as the host lists it. */
    public record Entry(String name, long ino, int type) {
        /** "." or "..". */
        public boolean dots() { return name.equals(".") || name.equals(".."); }

        /** Its file type as st_mode's S_IFMT bits (Linux's DTTOIF); 0 when the file system does not say (DT_UNKNOWN). */
        public int format() { return type << 12; }
    }

    private HostDirectory() {}

    /**
     * Every entry of directory {@code fd} from its position on, "." and ".." too, in the host's order, read
     * with {@code buffer} (a larger one, fewer calls); a host error is a LinuxError.
     */
    public static List<Entry> entries(HostCalls h, int fd, MemorySegment buffer) {
        List<Entry> entries = new ArrayList<>();
        for (long n; (n = LinuxError.check(h.syscall(Sysno.GETDENTS64, fd, buffer.address(), buffer.byteSize()))) > 0; ) {
            for (long at = 0; at < n; ) {
                int reclen = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + DIRENT64_RECLEN));
                String name = HostCalls.readCString(buffer.asSlice(at + DIRENT64_NAME), reclen - DIRENT64_NAME);
                entries.add(new Entry(name, buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, at + DIRENT64_INO),
                        Byte.toUnsignedInt(buffer.get(ValueLayout.JAVA_BYTE, at + DIRENT64_TYPE))));
                at += reclen;
            }
        }
        return entries;
    }
}
