package dev.lamina.kernel.procfs;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.channel.Protocol;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The memfd a generated file (Node.Generated: most of /proc's, some of /sys's) opens as: marked by its mode
 * ({@link Protocol#GENERATED_MODE}) and named for what stat of its path shows, then the path itself
 * ({@link Protocol#GENERATED_MEMFD}, then st_dev, st_ino, uid, gid and the path, ':' apart). Stat of the
 * descriptor, by the init host (fstat) or here (its /proc/PID/fd link followed), shows that file, and
 * its link reads as the path, as Linux's do.
 *
 * @param path the file's container path, "" when not known
 */
public record GeneratedMemfd(long dev, long ino, int uid, int gid, String path) {
    /** Linux's longest memfd name (NAME_MAX less "memfd:"). */
    private static final int NAME_MAX = 249;
    private static final String TARGET = "/memfd:" + Protocol.GENERATED_MEMFD;

    /** The name of the memfd for the file at path (null: not known) that stat shows as st. */
    public static String name(byte[] stat, String path) {
        MemorySegment st = MemorySegment.ofArray(stat);
        String name = Protocol.GENERATED_MEMFD + st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_DEV) + ":"
                + st.get(ValueLayout.JAVA_LONG_UNALIGNED, Layouts.STAT_INO) + ":"
                + Integer.toUnsignedString(st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID)) + ":"
                + Integer.toUnsignedString(st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID)) + ":";
        boolean fits = path != null && (name + path).getBytes(StandardCharsets.UTF_8).length <= NAME_MAX;
        return fits ? name + path : name;
    }

    /** The generated file a descriptor's host link text (/proc/PID/fd/N) names, or null for any other. */
    public static GeneratedMemfd of(String hostTarget) {
        if (hostTarget == null || !hostTarget.startsWith(TARGET) || !hostTarget.endsWith(" (deleted)")) return null;
        String[] f = hostTarget.substring(TARGET.length(), hostTarget.length() - " (deleted)".length()).split(":", 5);
        try {
            return f.length < 5 ? null : new GeneratedMemfd(Long.parseLong(f[0]), Long.parseLong(f[1]),
                    Integer.parseUnsignedInt(f[2]), Integer.parseUnsignedInt(f[3]), f[4]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a host stat's mode is still the mark's (a changed mode is the file's own now). */
    public static boolean marked(MemorySegment st) {
        return st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) == (Flags.S_IFREG | Protocol.GENERATED_MODE);
    }

    /** st made to show this file, as stat of its path does: read-only, size 0, as Linux's /proc files. */
    public void show(MemorySegment st) {
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_DEV, dev);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_INO, ino);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK, 1);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_MODE, Flags.S_IFREG | 0444);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_UID, uid);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_GID, gid);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_SIZE_FIELD, 0);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_BLOCKS, 0);
    }
}
