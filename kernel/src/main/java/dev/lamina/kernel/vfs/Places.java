package dev.lamina.kernel.vfs;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.host.HostTree;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the host files of the container's trees are in the container: the
 * image root at /, each volume at its mount point, parts of the kernel's
 * state tree at /proc, /dev and /etc.
 *
 * A descriptor the kernel holds (one a guest sent as a dirfd or for fchdir,
 * or a /proc/PID/fd link followed as a directory) is placed by where the
 * host says it is now (its /proc/self/fd link, which follows renames), and
 * that is then proved: a lookup confined to the tree must find the same
 * (st_dev, st_ino) there. A file no tree holds has no place, so a descriptor
 * cannot lead out of the container; and since resolution goes on from the
 * place's container path, `..` stops at the container root, not at a
 * volume's top.
 */
public final class Places {
    /** A file of tree at rel, which the container sees at path. */
    public record Place(HostTree tree, String rel, String path) {}

    /** Host files under hostTop are tree's under relTop and the container's under path; the top itself only if topIncluded. */
    private record Area(String hostTop, HostTree tree, String relTop, String path, boolean topIncluded) {}

    /** A place that moves between the host's answer and the proof this often gives up (ENOENT). */
    private static final int TRIES = 3;

    private final List<Area> areas = new ArrayList<>();

    /** Maps tree's sub (a tree-relative directory, "" for its top) to the container path. */
    public void add(HostTree tree, String sub, String path, boolean topIncluded) {
        String top;
        try {
            // The host names open files by their real paths.
            top = tree.top().toRealPath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        areas.add(new Area(sub.isEmpty() ? top : top + "/" + sub, tree, sub, path, topIncluded));
    }

    /** The place of a host path by its name alone (no proof), or null when no tree holds it. */
    public Place byHostPath(String host) {
        Area best = null;
        for (Area a : areas) {
            boolean in = host.startsWith(a.hostTop()) && host.length() > a.hostTop().length()
                    ? host.charAt(a.hostTop().length()) == '/' : host.equals(a.hostTop()) && a.topIncluded();
            if (in && (best == null || a.hostTop().length() > best.hostTop().length())) best = a;
        }
        if (best == null) return null;
        String below = host.substring(best.hostTop().length());
        String rel = best.relTop().isEmpty() ? (below.isEmpty() ? "" : below.substring(1)) : best.relTop() + below;
        String path = best.path().equals("/") ? (below.isEmpty() ? "/" : below) : best.path() + below;
        return new Place(best.tree(), rel, path);
    }

    /**
     * The proven place of the file behind fd, or null when none is proved
     * for a file that is not a directory (no tree holds it; or a name now
     * leads elsewhere, as after a copy-up: callers go by the host's reading).
     * @throws LinuxError ENOENT for a directory that was removed, or kept moving
     */
    public Place of(HostCalls h, int fd) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        LinuxError.check(h.syscall(Sysno.FSTAT, fd, st.address()));
        long dev = st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV), ino = st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO);
        boolean directory = (st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT) == Flags.S_IFDIR;
        // A removed directory: Linux finds nothing below it, and creates nothing there.
        if (directory && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK) == 0) throw new LinuxError(Errno.ENOENT);
        for (int i = 0; i < TRIES; i++) {
            String host = HostPaths.readlink(h, "/proc/self/fd/" + fd);
            if (host == null) throw new LinuxError(Errno.EBADF);
            Place p = byHostPath(host);
            if (p == null) return null;
            long found = p.tree().open(h, p.rel(), Flags.O_PATH | Flags.O_NOFOLLOW | Flags.O_CLOEXEC, 0);
            if (found < 0) continue;
            long r = h.syscall(Sysno.FSTAT, found, st.address());
            h.syscall(Sysno.CLOSE, found);
            if (r == 0 && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV) == dev && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO) == ino)
                return p;
        }
        if (directory) throw new LinuxError(Errno.ENOENT);
        return null;
    }
}
