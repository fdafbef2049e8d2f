package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * A host directory that file operations cannot leave: each operation acts
 * on the last name of its target relative to the parent directory, opened
 * with openat2(RESOLVE_IN_ROOT) (and kept in the calling thread's DirCache),
 * so a symlink swapped in by a racing guest still resolves inside the tree. Paths are tree-relative with no
 * leading slash; "" is the tree's top.
 */
public final class HostTree {
    private final Path top;
    private final int topFd;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public HostTree(HostCalls h, Path top) {
        this.top = top.toAbsolutePath().normalize();
        long fd = h.syscall(Sysno.OPEN, h.cstring(this.top.toString()).address(),
                Flags.O_PATH | Flags.O_DIRECTORY | Flags.O_CLOEXEC, 0);
        h.release();
        if (fd < 0) throw new IllegalArgumentException("cannot open " + this.top + ": errno " + -fd);
        this.topFd = (int) fd;
    }

    public Path top() { return top; }

    /** Changes whenever a directory of the tree may have been renamed or removed. */
    long generation() { return generation.get(); }

    /** Called before renames and directory removals: cached directories may go stale. */
    public void namesChanging() { generation.incrementAndGet(); }

    /** The host path of a tree-relative path (for messages and host-side reads). */
    public String hostPath(String rel) { return rel.isEmpty() ? top.toString() : top + "/" + rel; }

    /** openat2 inside the tree. */
    public long open(HostCalls h, String rel, int flags, int mode) {
        MemorySegment how = h.scratch(Layouts.OPEN_HOW_SIZE);
        how.set(ValueLayout.JAVA_LONG, Layouts.OPEN_HOW_FLAGS, Integer.toUnsignedLong(flags));
        // openat2 refuses a mode that open(2) would ignore.
        boolean creates = (flags & Flags.O_CREAT) != 0 || (flags & Flags.O_TMPFILE) == Flags.O_TMPFILE;
        how.set(ValueLayout.JAVA_LONG, Layouts.OPEN_HOW_MODE, creates ? mode & 07777 : 0);
        how.set(ValueLayout.JAVA_LONG, Layouts.OPEN_HOW_RESOLVE, Flags.RESOLVE_IN_ROOT | Flags.RESOLVE_NO_MAGICLINKS);
        String path = rel.isEmpty() ? "." : rel;
        return h.syscall(Sysno.OPENAT2, topFd, h.cstring(path).address(), how.address(), Layouts.OPEN_HOW_SIZE);
    }

    /** A call made relative to the parent directory of a path. */
    public interface AtCall {
        long call(int dirFd, MemorySegment name);
    }

    /** Runs call with the parent of rel opened inside the tree. */
    public long at(HostCalls h, String rel, AtCall call) {
        if (rel.isEmpty()) return call.call(topFd, h.cstring("."));
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        String name = rel.substring(slash + 1);
        if (parent.isEmpty()) return call.call(topFd, h.cstring(name));
        long dir = h.dirs().fd(this, parent);
        if (dir < 0) return dir;
        return call.call((int) dir, h.cstring(name));
    }

    /** Two-path calls (rename, link) with both parents opened inside the tree. */
    public interface At2Call {
        long call(int dirFd1, MemorySegment name1, int dirFd2, MemorySegment name2);
    }

    public long at2(HostCalls h, String rel1, HostTree other, String rel2, At2Call call) {
        return at(h, rel1, (d1, n1) -> other.at(h, rel2, (d2, n2) -> call.call(d1, n1, d2, n2)));
    }

    /** lstat of rel; within one request a repeated lstat of the same path is answered from memory. */
    public long lstat(HostCalls h, String rel, MemorySegment st) {
        if (h.recall(this, rel, st)) return 0;
        long r = at(h, rel, (d, n) -> h.syscall(Sysno.NEWFSTATAT, d, n.address(), st.address(),
                Flags.AT_SYMLINK_NOFOLLOW));
        if (r == 0) h.remember(this, rel, st);
        return r;
    }

    /** statx of rel for its birth time (not followed): the host's struct statx in sx; -errno on failure. */
    public long birth(HostCalls h, String rel, MemorySegment sx) {
        return at(h, rel, (d, n) -> h.syscall(Sysno.STATX, d, n.address(), Flags.AT_SYMLINK_NOFOLLOW, Flags.STATX_BTIME_BIT,
                sx.address()));
    }

    /** The target of a symlink, or null with the errno in err[0]. */
    public String readlink(HostCalls h, String rel, int[] err) {
        MemorySegment buf = h.scratch(Flags.PATH_MAX);
        long n = at(h, rel, (d, name) -> h.syscall(Sysno.READLINKAT, d, name.address(), buf.address(), Flags.PATH_MAX - 1));
        if (n < 0) {
            err[0] = (int) -n;
            return null;
        }
        byte[] b = new byte[(int) n];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, 0, (int) n);
        return Utf8b.decode(b);
    }

    /** Whether rel is known to be a directory without asking the host: the
     * calling thread has it open from an earlier call. */
    public boolean knownDirectory(HostCalls h, String rel) {
        return rel.isEmpty() || h.dirs().holds(this, rel);
    }

    /** The mode bits of rel (not following a final symlink), or a negative errno. */
    public long mode(HostCalls h, String rel) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        long r = lstat(h, rel, st);
        return r < 0 ? r : Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE));
    }


    /** Closes the tree's descriptor with h (the owner's host calls). */
    public void close(HostCalls h) {
        h.syscall(Sysno.CLOSE, topFd);
    }
}
