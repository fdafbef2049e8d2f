package dev.lamina.container;

import dev.lamina.image.store.Trees;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostDirectory;
import dev.lamina.rootfs.OwnerXattr;
import dev.lamina.rootfs.SharedInodes;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A container's root from an image's: directories are made with the image's owners, modes and
 * times, files and symlinks are hard links to the image's (the kernel gives a container its own
 * copy of a file before any change to it, so the image never changes). Made through directory
 * descriptors, one name at a time (getdents64, linkat, mkdirat, fstatat), where path-based Java
 * calls walked both whole paths for each of alpine's 520 files: 8-12 ms a root, most of a
 * `docker create`'s time, against about 2 ms. Where a link cannot be made (another file system,
 * too many links) the file is copied. Returns the identities of the files linked: those the
 * kernel copies up.
 */
final class RootLinks {
    private static final int DIRECTORY = Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC;

    private final HostCalls h = new HostCalls();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment entries = arena.allocate(32 * 1024, 8);
    private final MemorySegment st = arena.allocate(Layouts.STAT_SIZE, 8);
    private final MemorySegment times = arena.allocate(Layouts.TIMESPEC_PAIR_SIZE, 8);
    private final MemorySegment owner = arena.allocate(OwnerXattr.SIZE, 8);
    private final SharedInodes.Builder linked = SharedInodes.builder();
    private final Path from, to;

    private RootLinks(Path from, Path to) {
        this.from = from;
        this.to = to;
    }

    /** Makes {@code to} (which must not exist; its parent must) from {@code from}. */
    static SharedInodes share(Path from, Path to) throws IOException {
        RootLinks links = new RootLinks(from, to);
        try {
            links.top();
            return links.linked.build();
        } finally {
            links.h.close();
            links.arena.close();
        }
    }

    private void top() throws IOException {
        int source = open(Flags.AT_FDCWD, from.toString(), "");
        try {
            check(h.syscall(Sysno.MKDIRAT, Flags.AT_FDCWD, h.cstring(to.toString()).address(), 0700), "");
            int target = open(Flags.AT_FDCWD, to.toString(), "");
            try {
                directory(source, target, "");
                copyOwnerModeAndTime(source, target, "");
            } finally {
                h.syscall(Sysno.CLOSE, target);
            }
        } finally {
            h.syscall(Sysno.CLOSE, source);
        }
    }

    /** Fills directory {@code target} from {@code source}, both at {@code rel} ("" or ending in "/"). */
    private void directory(int source, int target, String rel) throws IOException {
        java.util.List<HostDirectory.Entry> listed;
        try {
            listed = HostDirectory.entries(h, source, entries);
        } catch (LinuxError e) {
            throw failure(rel, e.errno());
        }
        for (HostDirectory.Entry e : listed) {
            if (e.dots()) continue;
            String path = rel + e.name();
            int format = e.format() != 0 ? e.format() : stat(source, e.name(), path) & Flags.S_IFMT;
            if (format == Flags.S_IFDIR) subdirectory(source, target, e.name(), path);
            else link(source, target, e.name(), path);
            h.release();
        }
    }

    private void subdirectory(int source, int target, String name, String path) throws IOException {
        check(h.syscall(Sysno.MKDIRAT, target, h.cstring(name).address(), 0700), path);
        int from = open(source, name, path);
        try {
            int into = open(target, name, path);
            try {
                directory(from, into, path + "/");
                copyOwnerModeAndTime(from, into, path);
            } finally {
                h.syscall(Sysno.CLOSE, into);
            }
        } finally {
            h.syscall(Sysno.CLOSE, from);
        }
    }

    private void link(int source, int target, String name, String path) throws IOException {
        MemorySegment c = h.cstring(name);
        long r = h.syscall(Sysno.LINKAT, source, c.address(), target, c.address(), 0);
        if (r < 0) {
            // Not linkable here (another file system, the file's link count at its limit): a copy of the container's own.
            Path file = from.resolve(path), copy = to.resolve(path);
            if (Files.isSymbolicLink(file)) Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
            else Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        stat(target, name, path);
        linked.add(st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV), st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO));
    }

    /** The image directory's owner (or owner attribute), mode (set-id and sticky bits too) and modification time. */
    private void copyOwnerModeAndTime(int from, int into, String path) throws IOException {
        check(h.syscall(Sysno.NEWFSTATAT, from, h.cstring("").address(), st.address(), Flags.AT_EMPTY_PATH), path);
        if (Trees.ROOT) {
            check(h.syscall(Sysno.FCHOWN, into, st.get(ValueLayout.JAVA_INT, Layouts.STAT_UID),
                    st.get(ValueLayout.JAVA_INT, Layouts.STAT_GID)), path);
        } else {
            long n = h.syscall(Sysno.FGETXATTR, from, h.cstring(OwnerXattr.NAME).address(), owner.address(), OwnerXattr.SIZE);
            // a file system that keeps no user attributes has none to copy
            if (n == OwnerXattr.SIZE)
                h.syscall(Sysno.FSETXATTR, into, h.cstring(OwnerXattr.NAME).address(), owner.address(), OwnerXattr.SIZE, 0);
        }
        check(h.syscall(Sysno.FCHMOD, into, st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & 07777), path);
        times.set(ValueLayout.JAVA_LONG, 0, 0);
        times.set(ValueLayout.JAVA_LONG, 8, Flags.UTIME_OMIT);
        times.set(ValueLayout.JAVA_LONG, 16, st.get(ValueLayout.JAVA_LONG, Layouts.STAT_MTIME));
        times.set(ValueLayout.JAVA_LONG, 24, st.get(ValueLayout.JAVA_LONG, Layouts.STAT_MTIME + 8));
        check(h.syscall(Sysno.UTIMENSAT, into, 0, times.address(), 0), path);
        h.release();
    }

    /** Stats {@code name} in {@code dir} into {@code st}, without following it; returns its mode. */
    private int stat(int dir, String name, String path) throws IOException {
        check(h.syscall(Sysno.NEWFSTATAT, dir, h.cstring(name).address(), st.address(), Flags.AT_SYMLINK_NOFOLLOW), path);
        return st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE);
    }

    private int open(int dir, String name, String path) throws IOException {
        return (int) check(h.syscall(Sysno.OPENAT, dir, h.cstring(name).address(), DIRECTORY), path);
    }

    private long check(long r, String path) throws IOException {
        if (r < 0 && r > -4096) throw failure(path, (int) -r);
        return r;
    }

    /** A host error on {@code path} (relative to the image's root) as the exception Java's file calls throw for it. */
    private IOException failure(String path, int errno) {
        String file = from.resolve(path).toString();
        return switch (errno) {
            case Errno.ENOENT -> new NoSuchFileException(file);
            case Errno.EEXIST -> new FileAlreadyExistsException(to.resolve(path).toString());
            case Errno.EACCES, Errno.EPERM -> new AccessDeniedException(file);
            case Errno.ENOSPC -> new FileSystemException(to.resolve(path).toString(), null, "no space left on device");
            default -> new FileSystemException(file, null, "error " + errno);
        };
    }
}
