package dev.lamina.kernel.host;

import dev.lamina.rootfs.OwnerXattr;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copy-up. A container's root shares its files with the image through hard
 * links, so before a guest changes a file's content or metadata the file is
 * replaced, under the same name, by a copy of its own: content, mode, owner (or
 * owner attribute), extended attributes, times. Which files are shared is known by identity
 * ({@link StoreFiles}), so a hard link the guest made itself stays one file.
 */
public final class SharedFiles {
    private static final AtomicLong COPIES = new AtomicLong();
    /** The copy-up temporaries being made now: `docker diff` and `commit` leave out these, not names a guest made so. */
    private static final java.util.Set<String> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether {@code name} is a copy-up's temporary, being made now. */
    public static boolean inFlight(String name) { return IN_FLIGHT.contains(name); }

    private SharedFiles() {}

    /** Makes rel the container's own file if it is shared; 0 or a negative errno. */
    public static long ownCopy(HostCalls h, HostTree tree, String rel, StoreFiles store, boolean hostRoot) {
        if (rel.isEmpty()) return 0;
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        long r = tree.lstat(h, rel, st);
        if (r == -Errno.ENOENT) return 0; // about to be created
        if (r < 0) return r;
        if (!shared(st, store)) return 0;
        int type = st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT;
        h.forgetStat();
        String target = null;
        if (type == Flags.S_IFLNK) {
            int[] err = new int[1];
            target = tree.readlink(h, rel, err);
            if (target == null) return -err[0];
        }
        MemorySegment link = target == null ? null : h.cstring(target);
        return tree.at(h, rel, (dir, name) -> {
            String tmpName = ".lamina-copy-" + ProcessHandle.current().pid() + "-" + COPIES.incrementAndGet();
            IN_FLIGHT.add(tmpName);
            try {
                MemorySegment tmp = h.cstring(tmpName);
                long done = link != null ? copySymlink(h, dir, link, tmp, st, hostRoot) : copyFile(h, dir, name, tmp, st, hostRoot);
                if (done < 0) {
                    h.syscall(Sysno.UNLINKAT, dir, tmp.address(), 0);
                    return done;
                }
                long renamed = h.syscall(Sysno.RENAMEAT2, dir, tmp.address(), dir, name.address(), 0);
                if (renamed < 0) h.syscall(Sysno.UNLINKAT, dir, tmp.address(), 0);
                return renamed;
            } finally {
                IN_FLIGHT.remove(tmpName);
            }
        });
    }

    /** Whether a file (its struct stat) may be shared with the image: one of the store's, which
     * has a link there besides the container's. */
    public static boolean shared(MemorySegment st, StoreFiles store) {
        int type = st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT;
        return st.get(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK) > 1 && (type == Flags.S_IFREG || type == Flags.S_IFLNK)
                && store.holds(st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV), st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO));
    }

    private static long copyFile(HostCalls h, int dir, MemorySegment name, MemorySegment tmp, MemorySegment st, boolean hostRoot) {
        // O_NONBLOCK: a FIFO a guest put at the name since it was looked at opens without waiting for a writer
        // (and then fails the copy), as a regular file opens either way.
        long src = h.syscall(Sysno.OPENAT, dir, name.address(), Flags.O_RDONLY | Flags.O_NONBLOCK | Flags.O_NOFOLLOW
                | Flags.O_CLOEXEC, 0);
        if (src < 0) return src;
        long dst = h.syscall(Sysno.OPENAT, dir, tmp.address(), Flags.O_WRONLY | Flags.O_CREAT | Flags.O_EXCL | Flags.O_NOFOLLOW
                | Flags.O_CLOEXEC, 0600);
        if (dst < 0) {
            h.syscall(Sysno.CLOSE, src);
            return dst;
        }
        try {
            // EINTR: a signal to this thread (channel.BlockedCalls') stopped a copy through the host's pipe; go on.
            for (long n; (n = h.syscall(Sysno.COPY_FILE_RANGE, src, 0, dst, 0, 1L << 30, 0)) != 0; )
                if (n < 0 && n != -Errno.EINTR) return n;
            long r = owner(h, src, dst, st, hostRoot);
            if (r < 0) return r;
            // The mode after the owner: chown clears set-id bits.
            r = h.syscall(Sysno.FCHMOD, dst, st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & 07777);
            if (r < 0) return r;
            copyAttributes(h, src, dst);
            return h.syscall(Sysno.UTIMENSAT, dst, 0, times(h, st).address(), 0);
        } finally {
            h.syscall(Sysno.CLOSE, src);
            h.syscall(Sysno.CLOSE, dst);
        }
    }

    /**
     * The file's extended attributes but ACLs (system.*, which Lamina does not serve): user.*
     * (the guest's, and Lamina's metadata such as trusted.* kept as user.lamina.*) and, when
     * Lamina runs as root, security.capability; after the owner, whose change drops a
     * capability. One the host will not set here is left behind, as cp -a leaves it.
     */
    private static void copyAttributes(HostCalls h, long src, long dst) {
        long size = h.syscall(Sysno.FLISTXATTR, src, 0, 0);
        if (size <= 0) return;
        MemorySegment names = h.scratch(size);
        size = h.syscall(Sysno.FLISTXATTR, src, names.address(), size);
        for (long at = 0; at < size; ) {
            long end = at;
            while (end < size && names.get(ValueLayout.JAVA_BYTE, end) != 0) end++;
            long name = names.address() + at;
            boolean acl = end - at >= SYSTEM.length
                    && MemorySegment.mismatch(names, at, at + SYSTEM.length, MemorySegment.ofArray(SYSTEM), 0, SYSTEM.length) == -1;
            at = end + 1;
            long length = acl ? -1 : h.syscall(Sysno.FGETXATTR, src, name, 0, 0);
            if (length < 0) continue;
            MemorySegment value = h.scratch(Math.max(1, length));
            length = h.syscall(Sysno.FGETXATTR, src, name, value.address(), length);
            if (length >= 0) h.syscall(Sysno.FSETXATTR, dst, name, value.address(), length, 0);
        }
    }

    private static final byte[] SYSTEM = "system.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static long owner(HostCalls h, long src, long dst, MemorySegment st, boolean hostRoot) {
        if (hostRoot)
            return h.syscall(Sysno.FCHOWN, dst, st.get(ValueLayout.JAVA_INT, Layouts.STAT_UID), st.get(ValueLayout.JAVA_INT, Layouts.STAT_GID));
        MemorySegment value = h.scratch(OwnerXattr.SIZE), attr = h.cstring(OwnerXattr.NAME);
        if (h.syscall(Sysno.FGETXATTR, src, attr.address(), value.address(), OwnerXattr.SIZE) != OwnerXattr.SIZE) return 0;
        long r = h.syscall(Sysno.FSETXATTR, dst, attr.address(), value.address(), OwnerXattr.SIZE, 0);
        return r == -Errno.EOPNOTSUPP ? 0 : r;
    }

    private static long copySymlink(HostCalls h, int dir, MemorySegment target, MemorySegment tmp, MemorySegment st, boolean hostRoot) {
        long r = h.syscall(Sysno.SYMLINKAT, target.address(), dir, tmp.address());
        if (r < 0 || !hostRoot) return r;
        r = h.syscall(Sysno.FCHOWNAT, dir, tmp.address(), st.get(ValueLayout.JAVA_INT, Layouts.STAT_UID),
                st.get(ValueLayout.JAVA_INT, Layouts.STAT_GID), Flags.AT_SYMLINK_NOFOLLOW);
        if (r < 0) return r;
        return h.syscall(Sysno.UTIMENSAT, dir, tmp.address(), times(h, st).address(), Flags.AT_SYMLINK_NOFOLLOW);
    }

    /** The stat's atime and mtime as utimensat's timespec[2]. */
    private static MemorySegment times(HostCalls h, MemorySegment st) {
        MemorySegment ts = h.scratch(32);
        MemorySegment.copy(st, Layouts.STAT_ATIME, ts, 0, 32);
        return ts;
    }
}
