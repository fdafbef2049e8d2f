package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.rootfs.OwnerXattr;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.procfs.GeneratedMemfd;
import dev.lamina.kernel.procfs.Terminals;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.host.SharedFiles;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What a node does when it is stat'ed, opened or read as a link. */
final class NodeOps {
    private NodeOps() {}

    /** struct stat of a node (never following a final symlink: resolution did that). */
    static byte[] stat(Task t, Node node) {
        HostCalls h = t.host();
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        switch (node) {
            case Node.InTree in -> {
                LinuxError.check(in.tree().lstat(h, in.rel(), st));
                // A file shared with the image has the store's and other containers' links on the host; the guest sees the image's.
                // (Only a file with another link may be one: the store's.)
                if (st.get(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK) > 1) {
                    long imageLinks = t.kernel().storeFiles().imageLinks(st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV),
                            st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO));
                    if (imageLinks > 0) st.set(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK, imageLinks);
                }
                if (in.tree() == t.kernel().state()) {
                    // /proc, /dev and /sys are at the same names in the kernel's state tree.
                    long dev = t.kernel().mounts().deviceAt("/" + in.rel(), mode(st) & Flags.S_IFMT);
                    if (dev != 0) st.set(ValueLayout.JAVA_LONG, Layouts.STAT_DEV, dev);
                    if (in.rel().startsWith("proc")) procfsLook(st, in.rel());
                }
                var device = DeviceNodes.of(t, in, st);
                if (device != null) DeviceNodes.show(st, device);
                guestOwner(t, st);
                if (t.kernel().hostUid() != 0) keptOwner(t, in, st);
                if (in.tree() == t.kernel().state() && in.rel().startsWith("proc/"))
                    processOwner(st, t.kernel().procfs().processOf(in.rel()));
                return st.toArray(ValueLayout.JAVA_BYTE);
            }
            case Node.HostFile f -> LinuxError.check(HostPaths.stat(h, f.hostPath(), st));
            case Node.OpenFile f -> {
                LinuxError.check(HostPaths.stat(h, f.procPath(), st));
                GeneratedMemfd generated = GeneratedMemfd.of(f.hostTarget());
                if (generated != null && GeneratedMemfd.marked(st)) {
                    generated.show(st); // the file it holds, as the init host's fstat shows it
                    return st.toArray(ValueLayout.JAVA_BYTE);
                }
                guestOwner(t, st);
                if (t.kernel().hostUid() != 0 && (st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT) != Flags.S_IFLNK)
                    ownerKept(h, Sysno.GETXATTR, h.cstring(f.procPath()), st); // through the magic link
                return st.toArray(ValueLayout.JAVA_BYTE);
            }
            case Node.Generated g -> synthetic(st, Flags.S_IFREG | 0444, 0, g.ino());
            // A link's size and number from its name, not from the target the caller may not read.
            case Node.Guarded g when g.shown() instanceof Node.Link -> synthetic(st, Flags.S_IFLNK | 0777, 0, g.entry().hashCode());
            case Node.Guarded g when g.shown() instanceof Node.MagicLink -> synthetic(st, Flags.S_IFLNK | 0700, 0, g.entry().hashCode());
            case Node.Guarded g -> {
                return stat(t, g.shown());
            }
            case Node.Link l -> synthetic(st, Flags.S_IFLNK | 0777, l.inProc() ? 0 : l.target().length(), l.target().hashCode());
            // Linux's /proc/PID/fd/N links report 64 (proc_fd_instantiate), whatever they read as.
            case Node.MagicLink m -> synthetic(st, linkMode(h, m), 64, m.text().hashCode());
        }
        guestOwner(t, st);
        processOwner(st, node.process());
        return st.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A file of process p's /proc directory (p null: none) is its effective user's and group's, or root's
     * while it is not dumpable; a directory everyone may read and search is always the process's (Linux's
     * task_dump_owner: `ps` names a process's user by /proc/PID). */
    private static void processOwner(MemorySegment st, dev.lamina.kernel.proc.GuestProcess p) {
        if (p == null) return;
        var c = p.credentials();
        boolean own = p.dumpable() || st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) == (Flags.S_IFDIR | 0555);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_UID, own ? c.euid() : 0);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_GID, own ? c.egid() : 0);
    }

    /** /proc's directories and files read as procfs shows them: read-only, size 0; a process's fd
     * directory (and its threads') its owner's alone, 0500. */
    private static void procfsLook(MemorySegment st, String rel) {
        int mode = st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE);
        if ((mode & Flags.S_IFMT) != Flags.S_IFLNK) {
            boolean fdDir = (mode & Flags.S_IFMT) == Flags.S_IFDIR && rel.endsWith("/fd");
            st.set(ValueLayout.JAVA_INT, Layouts.STAT_MODE, fdDir ? Flags.S_IFDIR | 0500 : mode & ~0222);
            st.set(ValueLayout.JAVA_LONG, Layouts.STAT_SIZE_FIELD, 0);
            st.set(ValueLayout.JAVA_LONG, Layouts.STAT_BLOCKS, 0);
        }
    }

    /** The device number synthetic files report: procfs's (most are its files). */
    private static final long SYNTHETIC_DEV = dev.lamina.kernel.vfs.MountTable.device("proc"); // /proc's, the first mount

    /** A /proc/PID/fd link's mode as Linux gives it, from its open file's access (r-x reading, -wx writing, rwx
     * both): as the host's own link of that descriptor has it. */
    private static int linkMode(HostCalls h, Node.MagicLink m) {
        if (m.target() instanceof Node.OpenFile f) {
            MemorySegment host = h.scratch(Layouts.STAT_SIZE);
            if (h.syscall(Sysno.LSTAT, h.cstring(f.procPath()).address(), host.address()) == 0) return mode(host);
        }
        return Flags.S_IFLNK | 0700;
    }

    private static void synthetic(MemorySegment st, int mode, long size, int ino) {
        long now = System.currentTimeMillis() / 1000;
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_DEV, SYNTHETIC_DEV);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_INO, Integer.toUnsignedLong(ino));
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_NLINK, 1);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_MODE, mode);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_SIZE_FIELD, size);
        st.set(ValueLayout.JAVA_LONG, Layouts.STAT_BLKSIZE, 4096);
        // atime, mtime, ctime: each a timespec
        for (int i = 0; i < 3; i++) st.set(ValueLayout.JAVA_LONG, Layouts.STAT_ATIME + 16L * i, now);
    }

    /** Not root on the host: the owner the image or a chown gave the file, kept in an xattr. */
    private static void keptOwner(Task t, Node.InTree in, MemorySegment st) {
        if ((st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT) == Flags.S_IFLNK) return;
        HostCalls h = t.host();
        in.tree().at(h, in.rel(), (d, name) -> {
            ownerKept(h, Sysno.LGETXATTR, procPath(h, d, in.rel()), st);
            return 0;
        });
    }

    /** The owner the attribute of the file at host path {@code path} keeps (when it keeps one) into st;
     * {@code call} is getxattr or lgetxattr. */
    private static void ownerKept(HostCalls h, int call, MemorySegment path, MemorySegment st) {
        MemorySegment value = h.scratch(OwnerXattr.SIZE);
        long n = h.syscall(call, path.address(), h.cstring(OwnerXattr.NAME).address(), value.address(), OwnerXattr.SIZE);
        if (n != OwnerXattr.SIZE) return;
        long[] owner = OwnerXattr.decode(value.asByteBuffer());
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_UID, (int) owner[0]);
        st.set(ValueLayout.JAVA_INT, Layouts.STAT_GID, (int) owner[1]);
    }

    /** Records a guest chown when Lamina cannot chown on the host; symlinks keep root (they take no user xattrs). */
    static long keepOwner(Task t, Node.InTree in, int uid, int gid) {
        if ((in.tree().mode(t.host(), in.rel()) & Flags.S_IFMT) == Flags.S_IFLNK) return 0;
        return OwnFiles.onOwn(t, in, fd -> keepOwner(t.host(), fd, uid, gid));
    }

    /** Records a guest chown in the owner attribute of the file fd holds; -1 keeps what it records (root when nothing). */
    static long keepOwner(HostCalls h, int fd, int uid, int gid) {
        MemorySegment value = h.scratch(OwnerXattr.SIZE);
        MemorySegment name = h.cstring(OwnerXattr.NAME), path = h.cstring("/proc/self/fd/" + fd);
        long[] now = {0, 0};
        if (h.syscall(Sysno.GETXATTR, path.address(), name.address(), value.address(), OwnerXattr.SIZE) == OwnerXattr.SIZE)
            now = OwnerXattr.decode(value.asByteBuffer());
        long u = uid == -1 ? now[0] : Integer.toUnsignedLong(uid), g = gid == -1 ? now[1] : Integer.toUnsignedLong(gid);
        MemorySegment.copy(OwnerXattr.encode(u, g), 0, value, ValueLayout.JAVA_BYTE, 0, OwnerXattr.SIZE);
        long r = h.syscall(Sysno.SETXATTR, path.address(), name.address(), value.address(), OwnerXattr.SIZE, 0);
        if (r == -Errno.EACCES) {
            // A user attribute takes write access to the file, which its mode may deny the host user owning it
            // (a guest's `mkdir -m 555 d; chown u d`): lent for the moment, as the guest's root needs none.
            MemorySegment st = h.scratch(Layouts.STAT_SIZE);
            if (h.syscall(Sysno.FSTAT, fd, st.address()) < 0) return r;
            int mode = st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & 07777;
            if (h.syscall(Sysno.CHMOD, path.address(), mode | 0200) < 0) return r;
            r = h.syscall(Sysno.SETXATTR, path.address(), name.address(), value.address(), OwnerXattr.SIZE, 0);
            h.syscall(Sysno.CHMOD, path.address(), mode);
        }
        return r == -Errno.EPERM ? 0 : r;
    }

    /** A name a guest user other than root made: its owner is that user, as on Linux. */
    static void ownNew(Task t, Node.InTree in) {
        var c = t.process().credentials();
        if (c.fsuid() == 0 && c.fsgid() == 0) return; // the host's own owner (a set-group-ID directory's group the host gives)
        int gid = newGroup(t, in);
        HostCalls h = t.host();
        if (t.kernel().hostUid() == 0)
            at(t, in, (d, n) -> h.syscall(Sysno.FCHOWNAT, d, n.address(), c.fsuid(), gid, Flags.AT_SYMLINK_NOFOLLOW));
        else keepOwner(t, in, c.fsuid(), gid);
    }

    /** The same for a file just made at in and opened as fd. */
    static void ownNew(Task t, Node.InTree in, int fd) {
        var c = t.process().credentials();
        if (c.fsuid() == 0 && c.fsgid() == 0) return; // the host's own owner (a set-group-ID directory's group the host gives)
        int gid = newGroup(t, in);
        HostCalls h = t.host();
        if (t.kernel().hostUid() == 0) h.syscall(Sysno.FCHOWN, fd, c.fsuid(), gid);
        else keepOwner(h, fd, c.fsuid(), gid);
    }

    /**
     * The group of a name the caller made at in: its directory's when that is set-group-ID,
     * as Linux gives it (the host made it so, but the caller's chown above would undo it),
     * else the caller's filesystem group.
     */
    private static int newGroup(Task t, Node.InTree in) {
        int slash = in.rel().lastIndexOf('/');
        try {
            MemorySegment dir = MemorySegment.ofArray(stat(t, new Node.InTree(in.tree(), slash < 0 ? "" : in.rel().substring(0, slash))));
            if ((dir.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_MODE) & Flags.S_ISGID) != 0)
                return dir.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID);
        } catch (LinuxError gone) {
            // the directory went meanwhile: the caller's group, as for any
        }
        return t.process().credentials().fsgid();
    }

    /** The node a change acts on: for a descriptor reached through /proc, the container's file it is. */
    static Node named(Task t, Node node) {
        return node instanceof Node.OpenFile f ? Reopen.named(t, f) : node;
    }

    /** rel's entry in its parent, opened as dirFd, by a path any xattr call takes. */
    static MemorySegment procPath(HostCalls h, int dirFd, String rel) {
        String name = rel.isEmpty() ? "." : rel.substring(rel.lastIndexOf('/') + 1);
        return h.cstring("/proc/self/fd/" + dirFd + "/" + name);
    }

    /** Files of the user running Lamina belong to root inside the container. */
    static void guestOwner(Task t, MemorySegment st) {
        if (st.get(ValueLayout.JAVA_INT, Layouts.STAT_UID) == t.kernel().hostUid())
            st.set(ValueLayout.JAVA_INT, Layouts.STAT_UID, 0);
        if (st.get(ValueLayout.JAVA_INT, Layouts.STAT_GID) == t.kernel().hostGid())
            st.set(ValueLayout.JAVA_INT, Layouts.STAT_GID, 0);
    }

    static int mode(byte[] stat) {
        return mode(MemorySegment.ofArray(stat));
    }

    static int mode(MemorySegment stat) {
        return stat.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_MODE);
    }

    /** O_NOATIME for a directory of the kernel's own below /proc, /sys or /dev opened to be listed: the mark by which
     * the init host sends its getdents to the kernel (dispatch.c), which lists "." and ".." first as Linux's pseudo
     * file systems do (the host lists them in its hash order). A guest that sets the flag itself gains nothing: the
     * kernel lists only its own directories so. */
    private static int listedByKernel(Task t, Node.InTree in, int flags) {
        if ((flags & (Flags.O_DIRECTORY | Flags.O_PATH)) != Flags.O_DIRECTORY || in.tree() != t.kernel().state()) return 0;
        String rel = in.rel();
        return below(rel, "sys") || rel.startsWith("proc/") || rel.startsWith("dev/") ? Flags.O_NOATIME : 0;
    }

    /** Whether open flags can change the file. */
    static boolean writing(int flags) {
        return (flags & Flags.O_ACCMODE) != Flags.O_RDONLY || (flags & (Flags.O_CREAT | Flags.O_TRUNC)) != 0;
    }

    /** Opens a node for the guest; returns a host fd to hand over. */
    static int open(Task t, Node node, int flags, int mode) {
        HostCalls h = t.host();
        boolean writing = writing(flags);
        return switch (node) {
            case Node.InTree in -> {
                // A device node opens as its device (O_PATH: as itself; O_CREAT|O_EXCL: EEXIST, as the host says).
                if ((flags & Flags.O_PATH) == 0 && (flags & (Flags.O_CREAT | Flags.O_EXCL)) != (Flags.O_CREAT | Flags.O_EXCL)) {
                    var device = DeviceNodes.of(t, in);
                    if (device != null) yield DeviceNodes.open(t, device, flags);
                }
                if (writing) {
                    requireWritable(t, in);
                    yield OwnFiles.openForWriting(t, in, flags, mode);
                }
                int mark = listedByKernel(t, in, flags);
                long fd = in.tree().open(h, in.rel(), flags | Flags.O_CLOEXEC | mark, mode);
                if (fd == -Errno.EPERM && mark != 0) fd = in.tree().open(h, in.rel(), flags | Flags.O_CLOEXEC, mode); // not its own
                yield (int) LinuxError.check(fd);
            }
            case Node.OpenFile f -> Reopen.open(t, f, flags, mode);
            case Node.HostFile f -> {
                // Bound files (musl+) are the installation's: read-only. Devices
                // (and a process's oom_score_adj, its login uid, its own name and its threads') open as the host allows.
                if (writing && !f.hostPath().startsWith("/dev/") && !f.hostPath().matches("/proc/[0-9]+/(oom_score_adj|loginuid|comm|task/[0-9]+/comm)"))
                    throw new LinuxError(Errno.EROFS);
                String path = f.hostPath();
                if (path.equals(Terminals.TTY)) {
                    path = t.kernel().terminals().controlling(t);
                    if (path == null) throw new LinuxError(Errno.ENXIO); // no controlling terminal, as on Linux
                }
                int fd = (int) LinuxError.check(HostPaths.open(h, path, flags & ~Flags.O_CREAT, 0));
                if (path.equals(Terminals.PTMX)) t.kernel().terminals().madeBy(h, fd);
                if (!stillTheContainers(t, path)) {
                    h.syscall(Sysno.CLOSE, fd);
                    throw new LinuxError(Errno.ENOENT);
                }
                yield fd;
            }
            case Node.Generated g -> {
                if (writing) throw new LinuxError(Errno.EACCES);
                if ((flags & Flags.O_DIRECTORY) != 0) throw new LinuxError(Errno.ENOTDIR);
                byte[] content = g.content().get();
                if (content == null) throw new LinuxError(Errno.ENOENT); // what it shows is gone
                yield memfd(h, content, GeneratedMemfd.name(stat(t, g), g.path()));
            }
            case Node.Link l -> throw new LinuxError(Errno.ELOOP);
            case Node.MagicLink m -> throw new LinuxError(Errno.ELOOP);
            case Node.Guarded g -> throw new LinuxError(Errno.EACCES);
        };
    }

    private static final java.util.regex.Pattern HOST_PROC = java.util.regex.Pattern.compile("/proc/([0-9]{1,9})/.*");

    /** A host /proc file of a container process, opened by its number: still that process's. Its pidfd says it
     * has not ended now, so the number was not another's (a host process's, once the kernel reaped it) at the open. */
    private static boolean stillTheContainers(Task t, String path) {
        var m = HOST_PROC.matcher(path);
        if (!m.matches()) return true;
        var p = t.kernel().processes().byHost(Integer.parseInt(m.group(1)));
        return p != null && p.host() != null && !p.host().ended(t.host());
    }

    /** The kernel's own trees are read-only to guests but for /dev/shm and the /etc files (read-only too with the
     * root, as Docker's binds of them are). */
    static void requireWritable(Task t, Node.InTree in) {
        if (onReadOnlyMount(t, in)) throw new LinuxError(Errno.EROFS);
        if (in.tree() != t.kernel().state()) return;
        String rel = in.rel();
        if (rel.startsWith("dev/shm/") || rel.startsWith("etc/")) return;
        // Docker's /dev is a writable tmpfs: names made there are the container's (root's, by /dev's mode); the kernel's
        // own devices and links are not in the tree (DevFs), and devpts stays its own.
        if (rel.startsWith("dev/") && !below(rel, "dev/pts")) return;
        // The rest of procfs makes no names (ENOENT) and changes none of its own (EPERM), as Linux's
        if (below(rel, "proc")) throw new LinuxError(PathResolver.type(t, in) < 0 ? Errno.ENOENT : Errno.EPERM);
        throw new LinuxError(Errno.EACCES);
    }

    /** Whether in lies on a read-only mount: the root with --read-only (and its /etc files, as Docker's binds of
     * them), a :ro volume, sysfs and /proc/sys as Docker mounts them. A change there is EROFS before any
     * permission is asked, as Linux's mnt_want_write comes first. */
    static boolean onReadOnlyMount(Task t, Node.InTree in) {
        if (t.kernel().readOnly(in.tree())) return true;
        if (in.tree() != t.kernel().state()) return false;
        String rel = in.rel();
        return (rel.startsWith("etc/") && t.kernel().config().readOnlyRoot()) || readOnlyKernelMount(rel);
    }

    /** sysfs and /proc/sys, which Docker mounts read-only (rel: a container path without its leading slash). */
    private static boolean readOnlyKernelMount(String rel) {
        return below(rel, "sys") || below(rel, "proc/sys");
    }

    /** EROFS for a change on a read-only mount, before any permission is asked (onReadOnlyMount); the files the
     * kernel makes or mirrors there (sysctls, sysfs attributes) by their path. */
    static void readOnlyFirst(Task t, Resolved res) {
        boolean readOnly = res.node() instanceof Node.InTree in ? onReadOnlyMount(t, in)
                : res.path() != null && res.path().startsWith("/") && readOnlyKernelMount(res.path().substring(1));
        if (readOnly) throw new LinuxError(Errno.EROFS);
    }

    /** Whether rel is dir or a name below it. */
    private static boolean below(String rel, String dir) {
        return rel.equals(dir) || rel.startsWith(dir + "/");
    }

    /** Before a change to a file's content or metadata: a file shared with the image becomes the container's own. */
    static void ownCopy(Task t, Node.InTree in) {
        if (in.tree() != t.kernel().root()) return; // the kernel's state and volumes share nothing with an image
        LinuxError.check(SharedFiles.ownCopy(t.host(), in.tree(), in.rel(), t.kernel().storeFiles(), t.kernel().hostUid() == 0));
    }

    /** A name directly in the container's /dev: a socket of its own may be bound and removed there (a
     * syslogd's /dev/log), as Docker's writable /dev allows; the kernel's nodes stay. */
    static boolean inDev(Task t, Node.InTree in) {
        return in.tree() == t.kernel().state() && in.rel().matches("dev/[^/]+");
    }

    static Node.InTree writableTree(Task t, Node node) {
        if (!(node instanceof Node.InTree in)) throw new LinuxError(Errno.EACCES);
        requireWritable(t, in);
        return in;
    }

    /** A memfd holding content, named name, in the mode that marks a generated file's (GeneratedMemfd). */
    private static int memfd(HostCalls h, byte[] content, String name) {
        int fd = (int) LinuxError.check(h.syscall(Sysno.MEMFD_CREATE, h.cstring(name).address(), Flags.MFD_CLOEXEC));
        h.syscall(Sysno.FCHMOD, fd, Protocol.GENERATED_MODE);
        MemorySegment buf = h.scratch(content.length);
        MemorySegment.copy(content, 0, buf, ValueLayout.JAVA_BYTE, 0, content.length);
        for (long at = 0; at < content.length; ) {
            long n = h.syscall(Sysno.WRITE, fd, buf.address() + at, content.length - at);
            if (n <= 0) {
                h.syscall(Sysno.CLOSE, fd);
                throw new LinuxError(Errno.EIO);
            }
            at += n;
        }
        h.syscall(Sysno.LSEEK, fd, 0, 0);
        return fd;
    }

    /** A symlink's target. */
    static byte[] readlink(Task t, Node node) {
        return switch (node) {
            case Node.Link l -> Utf8b.encode(l.target());
            case Node.MagicLink m -> Utf8b.encode(m.text());
            case Node.Guarded g -> throw new LinuxError(Errno.EACCES);
            case Node.InTree in -> {
                int[] err = new int[1];
                String target = in.tree().readlink(t.host(), in.rel(), err);
                if (target == null) throw new LinuxError(err[0]);
                yield Utf8b.encode(target);
            }
            default -> throw new LinuxError(Errno.EINVAL);
        };
    }

    /** Runs a host call on a tree node's parent directory. */
    static long at(Task t, Node.InTree in, HostTree.AtCall call) {
        return LinuxError.check(in.tree().at(t.host(), in.rel(), call));
    }
}
