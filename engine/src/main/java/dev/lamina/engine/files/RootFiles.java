package dev.lamina.engine.files;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostDirectory;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.rootfs.OwnerXattr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's root as the engine may touch it: only through descriptors. A path
 * is resolved with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) from the root's
 * own descriptor (the kernel's {@link HostTree}), so a symlink the guest planted
 * (absolute, relative, or swapped in while we walk) resolves inside the root; then
 * a file is acted on by its name relative to a held directory, never through a final
 * symlink (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW), and its metadata changed only through
 * a descriptor of the file itself. Nothing here writes into an existing file: the
 * root's files may be hard links into the image store. One per request, used by
 * one platform thread (host calls block).
 */
final class RootFiles implements AutoCloseable {
    static final int CHUNK = 1 << 16;
    /** A directory to read or act in, never reached through a final symlink. */
    static final int DIRECTORY = Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final String TEMPORARY = ".lamina-cp-";
    private static final java.util.Set<String> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.regex.Pattern TEMPORARY_NAME = java.util.regex.Pattern.compile("\\.lamina-cp-[0-9a-f]{24}");

    private final HostCalls h = new HostCalls();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment st = arena.allocate(Layouts.STAT_SIZE, 8);
    private final MemorySegment buf = arena.allocate(CHUNK, 8);
    private final MemorySegment times = arena.allocate(Layouts.TIMESPEC_PAIR_SIZE, 8);
    private final HostTree tree;
    private final long hostUid = h.syscall(Sysno.GETUID, 0), hostGid = h.syscall(Sysno.GETGID, 0);
    private final boolean hostRoot = hostUid == 0;

    RootFiles(Path rootfs) {
        this.tree = new HostTree(h, rootfs);
    }

    /**
     * A descriptor of directory {@code rel} (root-relative, no leading slash), every
     * symlink on the way, the last one too, resolved inside the root.
     */
    int directory(String rel) throws HostError {
        try {
            return inRoot(rel, Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_CLOEXEC);
        } finally {
            h.release();
        }
    }

    /**
     * A descriptor of directory {@code rel} reached one name at a time without following any symlink (every name
     * on the way a directory now), or -1 when the path is not that now.
     */
    int directoryWithoutLinks(String rel) throws HostError {
        int fd = directory("");
        if (rel.isEmpty()) return fd;
        for (String name : rel.split("/")) {
            int next = openOrNull(fd, name, DIRECTORY);
            close(fd);
            if (next < 0) return -1;
            fd = next;
        }
        return fd;
    }

    /** openat2 inside the root, again when a rename elsewhere in the root made the kernel unsure of its walk (EAGAIN). */
    private int inRoot(String rel, int flags) throws HostError {
        long r;
        int tries = 0;
        do r = tree.open(h, rel, flags, 0); while (r == -Errno.EAGAIN && ++tries < 16);
        return (int) HostError.check(r, "/" + rel);
    }

    /** The root-relative path a descriptor names now (for a symlink's resolved target), "" for the root itself. */
    String pathOf(int fd) throws HostError {
        String host;
        try {
            host = HostPaths.readlink(h, "/proc/self/fd/" + fd);
        } finally {
            h.release();
        }
        String top = tree.top().toString();
        if (host == null || !(host.equals(top) || host.startsWith(top + "/")))
            throw new HostError("cannot tell where a descriptor of the container's root points", -Errno.ENOENT);
        return host.substring(top.length()).replaceFirst("^/", "");
    }

    /** Opens {@code rel} as a descriptor for stat and pathOf only (O_PATH), following even its last symlink inside the root. */
    int follow(String rel) throws HostError {
        try {
            return inRoot(rel, Flags.O_PATH | Flags.O_CLOEXEC);
        } finally {
            h.release();
        }
    }

    /** lstat of {@code name} in directory {@code dir}, or null when there is none. */
    FileStat lstat(int dir, String name) throws HostError {
        try {
            long r = h.syscall(Sysno.NEWFSTATAT, dir, h.cstring(name).address(), st.address(), Flags.AT_SYMLINK_NOFOLLOW);
            if (r == -Errno.ENOENT) return null;
            HostError.check(r, name);
            return FileStat.of(st);
        } finally {
            h.release();
        }
    }

    /** fstat of a descriptor (O_PATH ones too). */
    FileStat stat(int fd) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.NEWFSTATAT, fd, h.cstring("").address(), st.address(), Flags.AT_EMPTY_PATH), "stat");
            return FileStat.of(st);
        } finally {
            h.release();
        }
    }

    /**
     * The owner the guest sees, as the kernel shows it: Lamina's own user is root, and
     * without root on the host the owner attribute a file may carry says (read through
     * {@code fd}, its own descriptor, when one is open; symlinks carry none).
     */
    long[] guestOwner(FileStat st, int fd) {
        if (!hostRoot && fd >= 0 && !st.symlink()) {
            try {
                long n = h.syscall(Sysno.FGETXATTR, fd, h.cstring(OwnerXattr.NAME).address(), buf.address(), OwnerXattr.SIZE);
                if (n == OwnerXattr.SIZE) return OwnerXattr.decode(buf.asSlice(0, OwnerXattr.SIZE).asByteBuffer());
            } finally {
                h.release();
            }
        }
        return new long[] {st.uid() == hostUid ? 0 : st.uid(), st.gid() == hostGid ? 0 : st.gid()};
    }

    /** Whether the engine runs as root on the host, and so can give files their owners. */
    boolean hostRoot() { return hostRoot; }

    /**
     * Gives a file the owner {@code uid:gid} as the guest will see it: chown as root,
     * otherwise the owner attribute the kernel reads (Linux keeps user attributes on
     * files and directories only, as the kernel's own chown finds).
     */
    void giveOwner(int fd, FileStat st, long uid, long gid) throws HostError {
        if (hostRoot) chown(fd, uid, gid);
        else if (st.regular() || st.directory()) setxattr(fd, OwnerXattr.NAME, OwnerXattr.encode(uid, gid));
    }

    /** The target of symlink {@code name} in {@code dir}. */
    String readlink(int dir, String name) throws HostError {
        try {
            long n = HostError.check(h.syscall(Sysno.READLINKAT, dir, h.cstring(name).address(), buf.address(), Flags.PATH_MAX),
                    "readlink " + name);
            return Utf8b.decode(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        } finally {
            h.release();
        }
    }

    /**
     * Every extended attribute of the file {@code fd} holds (an O_PATH descriptor too:
     * read through its /proc/self/fd name), by host name; none for a symlink's, which
     * Linux keeps no user attributes on.
     */
    java.util.Map<String, byte[]> xattrs(int fd) throws HostError {
        java.util.Map<String, byte[]> out = new java.util.TreeMap<>();
        try {
            MemorySegment path = h.cstring("/proc/self/fd/" + fd);
            long n = h.syscall(Sysno.LISTXATTR, path.address(), buf.address(), CHUNK);
            if (n == -Errno.EOPNOTSUPP) return out;
            HostError.check(n, "list extended attributes");
            byte[] names = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment value = h.scratch(Flags.XATTR_SIZE_MAX);
            for (int start = 0, end; start < names.length; start = end + 1) {
                end = start;
                while (names[end] != 0) end++;
                String name = new String(names, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
                long len = h.syscall(Sysno.GETXATTR, path.address(), h.cstring(name).address(), value.address(), Flags.XATTR_SIZE_MAX);
                if (len == -Errno.ENODATA) continue; // removed meanwhile
                HostError.check(len, "read " + name);
                out.put(name, value.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
            }
            return out;
        } finally {
            h.release();
        }
    }

    /** openat relative to {@code dir}; {@code flags} should hold O_NOFOLLOW. */
    int open(int dir, String name, int flags, int mode) throws HostError {
        try {
            return (int) HostError.check(h.syscall(Sysno.OPENAT, dir, h.cstring(name).address(), flags | Flags.O_CLOEXEC, mode), name);
        } finally {
            h.release();
        }
    }

    /** {@link #open}, or -1 when the name is gone or was replaced since it was looked at (by a symlink, say: O_NOFOLLOW refuses it). */
    int openOrNull(int dir, String name, int flags) throws HostError {
        try {
            return open(dir, name, flags, 0);
        } catch (HostError e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) return -1;
            throw e;
        }
    }

    /** The names in a directory, without "." and "..". */
    List<String> list(int dir) throws HostError {
        List<String> names = new ArrayList<>();
        try {
            for (HostDirectory.Entry e : HostDirectory.entries(h, dir, buf)) if (!e.dots()) names.add(e.name());
        } catch (LinuxError e) {
            throw new HostError("list a directory", -e.errno());
        }
        return names;
    }

    /**
     * The content of regular file {@code rel}, at most {@code max} bytes (its directory resolved
     * inside the root, the file itself never reached through a symlink); null when there is none.
     */
    byte[] readFile(String rel, int max) throws HostError {
        int dir = directory(parent(rel));
        try {
            int fd;
            try {
                fd = open(dir, name(rel), Flags.O_RDONLY | Flags.O_NOFOLLOW | Flags.O_NONBLOCK, 0);
            } catch (HostError e) {
                if (e.errno() == Errno.ENOENT || e.errno() == Errno.ELOOP) return null;
                throw e;
            }
            try {
                if (!stat(fd).regular()) return null;
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] b = new byte[CHUNK];
                for (int n; out.size() < max && (n = read(fd, b, 0, Math.min(CHUNK, max - out.size()))) > 0; ) out.write(b, 0, n);
                return out.toByteArray();
            } finally {
                close(fd);
            }
        } finally {
            close(dir);
        }
    }

    /** Reads at most {@code len} bytes from {@code fd}; 0 at the end. */
    int read(int fd, byte[] b, int off, int len) throws HostError {
        long n;
        do n = h.syscall(Sysno.READ, fd, buf.address(), Math.min(len, CHUNK)); while (n == -Errno.EINTR);
        HostError.check(n, "read");
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
        return (int) n;
    }

    void write(int fd, byte[] b, int len) throws HostError {
        for (int done = 0; done < len; ) {
            int chunk = Math.min(len - done, CHUNK);
            MemorySegment.copy(b, done, buf, ValueLayout.JAVA_BYTE, 0, chunk);
            for (int part = 0; part < chunk; ) {
                long w = h.syscall(Sysno.WRITE, fd, buf.address() + part, chunk - part);
                if (w == -Errno.EINTR) continue;
                HostError.check(w, "write");
                part += (int) w;
            }
            done += chunk;
        }
    }

    void mkdir(int dir, String name, int mode) throws HostError {
        at(Sysno.MKDIRAT, dir, name, mode, "create directory " + name);
    }

    void mkfifo(int dir, String name) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.MKNODAT, dir, h.cstring(name).address(), Flags.S_IFIFO | 0600, 0), "create fifo " + name);
        } finally {
            h.release();
        }
    }

    void symlink(String target, int dir, String name) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.SYMLINKAT, h.cstring(target).address(), dir, h.cstring(name).address()),
                    "create symlink " + name);
        } finally {
            h.release();
        }
    }

    /** A second name for a file; linkat without AT_SYMLINK_FOLLOW never follows a symlink. */
    void link(int fromDir, String fromName, int dir, String name) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.LINKAT, fromDir, h.cstring(fromName).address(), dir, h.cstring(name).address(), 0),
                    "link " + name);
        } finally {
            h.release();
        }
    }

    void unlink(int dir, String name, boolean directory) throws HostError {
        at(Sysno.UNLINKAT, dir, name, directory ? Flags.AT_REMOVEDIR : 0, "remove " + name);
    }

    /** Puts {@code from} in the place of {@code to}, in one step: whatever was there is replaced, never written. */
    void rename(int dir, String from, String to) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.RENAMEAT2, dir, h.cstring(from).address(), dir, h.cstring(to).address(), 0), "rename to " + to);
        } finally {
            h.release();
        }
    }

    void chmod(int fd, int mode) throws HostError {
        HostError.check(h.syscall(Sysno.FCHMOD, fd, mode & 07777), "chmod");
    }

    /** chown of what a descriptor names, O_PATH ones (symlinks) too. */
    void chown(int fd, long uid, long gid) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.FCHOWNAT, fd, h.cstring("").address(), uid, gid,
                    Flags.AT_EMPTY_PATH | Flags.AT_SYMLINK_NOFOLLOW), "chown");
        } finally {
            h.release();
        }
    }

    /** Sets the access and modification times of an open file to {@code seconds}. */
    void times(int fd, long seconds) throws HostError {
        HostError.check(h.syscall(Sysno.UTIMENSAT, fd, 0, timesAt(seconds).address(), 0), "set times");
    }

    /** Sets the times of the symlink {@code name} in {@code parent} itself, not its target's. */
    void linkTimes(int parent, String name, long seconds) throws HostError {
        try {
            HostError.check(h.syscall(Sysno.UTIMENSAT, parent, h.cstring(name).address(), timesAt(seconds).address(),
                    Flags.AT_SYMLINK_NOFOLLOW), "set times");
        } finally {
            h.release();
        }
    }

    private MemorySegment timesAt(long seconds) {
        times.set(ValueLayout.JAVA_LONG, 0, seconds);
        times.set(ValueLayout.JAVA_LONG, 8, 0);
        times.set(ValueLayout.JAVA_LONG, 16, seconds);
        times.set(ValueLayout.JAVA_LONG, 24, 0);
        return times;
    }

    void setxattr(int fd, String name, byte[] value) throws HostError {
        try {
            MemorySegment v = h.scratch(value.length);
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            HostError.check(h.syscall(Sysno.FSETXATTR, fd, h.cstring(name).address(), v.address(), value.length, 0),
                    "set " + name);
        } finally {
            h.release();
        }
    }

    void close(int fd) {
        if (fd >= 0) h.syscall(Sysno.CLOSE, fd);
    }

    /** The directory part of a root-relative path ("" for a name in the root). */
    static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** The last name of a root-relative path. */
    static String name(String rel) { return rel.substring(rel.lastIndexOf('/') + 1); }

    static String join(String dir, String rel) {
        return dir.isEmpty() ? rel : rel.isEmpty() ? dir : dir + "/" + rel;
    }

    /** A fresh name to build a file under before it is renamed into place: in flight until {@link #settled}. */
    static String temporaryName() {
        // Unguessable: a guest that made the name first would only make the copy fail (O_EXCL), but need not.
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        String name = TEMPORARY + java.util.HexFormat.of().formatHex(b);
        IN_FLIGHT.add(name);
        return name;
    }

    /** Names {@link #temporaryName} gave that are renamed into place or removed by now. */
    static void settled(java.util.Collection<String> names) { IN_FLIGHT.removeAll(names); }

    /** Whether {@code name} is a temporary a copy into a container is making now (not one a guest made so). */
    static boolean inFlight(String name) { return IN_FLIGHT.contains(name); }

    /** Whether {@code name} is one {@link #temporaryName} makes. */
    static boolean isTemporaryName(String name) {
        return TEMPORARY_NAME.matcher(name).matches();
    }

    private void at(int sysno, int dir, String name, int arg, String what) throws HostError {
        try {
            HostError.check(h.syscall(sysno, dir, h.cstring(name).address(), arg), what);
        } finally {
            h.release();
        }
    }

    @Override
    public void close() {
        tree.close(h);
        h.close();
        arena.close();
    }
}
