package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.PathResolver;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Linux's file permission checks for the guest's own users (the host
 * makes none: every file is Lamina's there). generic_permission: the
 * owner's bits, else the group's (the filesystem gid or a supplementary
 * group), else the others'; CAP_DAC_OVERRIDE passes, but needs some execute
 * bit to run a file, and CAP_DAC_READ_SEARCH passes reads and directory
 * searches. may_delete: in a sticky directory only the file's owner, the
 * directory's or a caller with CAP_FOWNER may remove or rename a name.
 * Owners are as stat shows them. Capabilities are the caller's effective
 * ones, which root has (Credentials).
 */
public final class Permissions {
    private Permissions() {}

    /** Search permission on a directory a path goes through (PathResolver's check); root needs none. */
    public static boolean mayLookUp(Task t, Node dir) {
        if (dir instanceof Node.Guarded) return false; // another's fdinfo: Linux asks its ptrace check of root too
        Credentials c = t.process().credentials();
        return c.capable(Capabilities.DAC_OVERRIDE) || c.capable(Capabilities.DAC_READ_SEARCH)
                || ownFdDirectory(t, dir) || allowed(t, NodeOps.stat(t, dir), EXEC, false);
    }

    /** The caller's own /proc/PID/fd (or a thread's): open to it whoever owns it (Linux's proc_fd_permission),
     * so a process that changed its ids without an exec, whose fd directory is then root's, still reaches
     * its descriptors (/dev/fd/N). */
    private static boolean ownFdDirectory(Task t, Node node) {
        return node instanceof Node.InTree in && in.tree() == t.kernel().state() && in.rel().startsWith("proc/")
                && in.rel().endsWith("/fd") && t.kernel().procfs().processOf(in.rel()) == t.process();
    }

    static final int EXEC = 1, WRITE = 2, READ = 4;

    /** Whether the caller (its filesystem ids, or its real ones for access(2)) may access a file with this stat. */
    static boolean allowed(Task t, byte[] stat, int want, boolean real) {
        MemorySegment st = MemorySegment.ofArray(stat);
        int mode = st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_MODE);
        Credentials c = t.process().credentials();
        int uid = real ? c.ruid() : c.fsuid(), gid = real ? c.rgid() : c.fsgid();
        // access(2) checks as the real ids, with a real root's permitted capabilities (Linux's access_override_creds).
        long caps = real ? (c.ruid() == 0 ? c.caps().permitted() : 0) : c.caps().effective();
        boolean dir = (mode & Flags.S_IFMT) == Flags.S_IFDIR;
        if ((caps & Capabilities.bit(Capabilities.DAC_OVERRIDE)) != 0 && ((want & EXEC) == 0 || dir || (mode & 0111) != 0))
            return true;
        if ((caps & Capabilities.bit(Capabilities.DAC_READ_SEARCH)) != 0 && (want & WRITE) == 0 && ((want & EXEC) == 0 || dir))
            return true;
        int owner = st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID);
        int group = st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID);
        int bits = uid == owner ? mode >> 6 : gid == group || t.kernel().groups(t, c).contains(group) ? mode >> 3 : mode;
        return (bits & want) == want;
    }

    /** inode_owner_or_capable: the file's owner is the caller (its filesystem uid), or the caller has CAP_FOWNER. */
    static boolean ownerOrCapable(Task t, byte[] stat) {
        int owner = MemorySegment.ofArray(stat).get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID);
        return owner == t.process().credentials().fsuid() || capable(t, Capabilities.FOWNER);
    }

    static void require(Task t, Node node, int want) {
        if (!ownFdDirectory(t, node) && !allowed(t, NodeOps.stat(t, node), want, false)) throw new LinuxError(Errno.EACCES);
    }

    /** Whether the caller passes every read and write check (CAP_DAC_OVERRIDE): checks need no stat then. */
    static boolean overrides(Task t) {
        return t.process().credentials().capable(Capabilities.DAC_OVERRIDE);
    }

    static boolean capable(Task t, int cap) {
        return t.process().credentials().capable(cap);
    }

    /** The directory a path's last name is in. */
    private static Node parent(Task t, Resolved res) {
        return t.kernel().resolver().nodeFor(t, PathResolver.parent(res.path()));
    }

    /**
     * An open's check: the file's read or write bits as the flags ask, or, for a file O_CREAT
     * will make, the directory's. True when the open makes the file (its owner is then the caller).
     * A descriptor opened again (/proc/self/fd/N) is checked on its file, as Linux checks the
     * inode: an O_RDONLY or O_PATH descriptor of a file the caller may not write gives no write.
     * Only a regular file or a directory: a pipe, socket or terminal is the host's, made by a
     * process the host sees as Lamina's own user, so its owner is not the guest's that made it.
     */
    static boolean mayOpen(Task t, Resolved res, int flags) {
        if (NodeOps.writing(flags)) NodeOps.readOnlyFirst(t, res);
        // Root's files are root's, of group 0: nothing to learn. A user holding CAP_DAC_OVERRIDE still owns what it
        // makes, and root of another filesystem group (a set-group-ID program's, sg's) gives that group what it makes.
        var c = t.process().credentials();
        if ((overrides(t) && c.fsuid() == 0 && c.fsgid() == 0) || (flags & Flags.O_PATH) != 0
                || !(res.node() instanceof Node.InTree || res.node() instanceof Node.OpenFile)) return false;
        byte[] st;
        try {
            st = NodeOps.stat(t, res.node());
        } catch (LinuxError e) {
            if (e.errno() != Errno.ENOENT || (flags & Flags.O_CREAT) == 0) return false; // the open says why
            mayCreate(t, res);
            return true;
        }
        int type = NodeOps.mode(st) & Flags.S_IFMT;
        if (res.node() instanceof Node.OpenFile && type != Flags.S_IFREG && type != Flags.S_IFDIR) return false;
        int access = flags & Flags.O_ACCMODE;
        int want = (access == Flags.O_RDONLY ? READ : access == Flags.O_WRONLY ? WRITE : READ | WRITE)
                | ((flags & Flags.O_TRUNC) != 0 ? WRITE : 0);
        // O_TMPFILE makes an unnamed file in the directory it names (vfs_tmpfile): the directory's write and search
        // permission, the file the caller's.
        if ((flags & Flags.O_TMPFILE) == Flags.O_TMPFILE) {
            if (type != Flags.S_IFDIR) return false; // the open says why
            if (!allowed(t, st, WRITE | EXEC, false)) throw new LinuxError(Errno.EACCES);
            return true;
        }
        // Before any permission is looked at (do_open, may_open): a name that is there for O_CREAT|O_EXCL is EEXIST,
        // a directory opened to write (or with O_CREAT) EISDIR.
        if ((flags & (Flags.O_CREAT | Flags.O_EXCL)) == (Flags.O_CREAT | Flags.O_EXCL)) throw new LinuxError(Errno.EEXIST);
        if (type == Flags.S_IFDIR && ((want & WRITE) != 0 || (flags & Flags.O_CREAT) != 0)) throw new LinuxError(Errno.EISDIR);
        if (!allowed(t, st, want, false) && !ownFdDirectory(t, res.node())) throw new LinuxError(Errno.EACCES);
        return false;
    }

    /** Making a name in res's directory: write and search permission on it. */
    static void mayCreate(Task t, Resolved res) {
        NodeOps.readOnlyFirst(t, res);
        if (!overrides(t)) require(t, parent(t, res), WRITE | EXEC);
    }

    /**
     * A hard link to a file, as Linux's may_linkat with fs.protected_hardlinks (Debian's and Docker's
     * hosts set it): its owner (or CAP_FOWNER) links anything; another user only a regular file it may
     * read and write that is neither set-user-ID nor set-group-ID and group-executable; else EPERM.
     */
    static void mayLink(Task t, Node source) {
        byte[] st = NodeOps.stat(t, source);
        if (ownerOrCapable(t, st)) return;
        int mode = NodeOps.mode(st);
        boolean safe = (mode & Flags.S_IFMT) == Flags.S_IFREG && (mode & Flags.S_ISUID) == 0
                && (mode & (Flags.S_ISGID | 0010)) != (Flags.S_ISGID | 0010) && allowed(t, st, READ | WRITE, false);
        if (!safe) throw new LinuxError(Errno.EPERM);
    }

    /** Removing (or renaming away) res's name: write and search permission on its directory, and the sticky rule. */
    static void mayDelete(Task t, Resolved res) {
        NodeOps.readOnlyFirst(t, res);
        if (overrides(t) && capable(t, Capabilities.FOWNER)) return;
        byte[] dir = NodeOps.stat(t, parent(t, res));
        if (!allowed(t, dir, WRITE | EXEC, false)) throw new LinuxError(Errno.EACCES);
        if ((NodeOps.mode(dir) & Flags.S_ISVTX) == 0 || capable(t, Capabilities.FOWNER)) return;
        int uid = t.process().credentials().fsuid();
        if (uid != owner(dir) && uid != owner(NodeOps.stat(t, res.node()))) throw new LinuxError(Errno.EPERM);
    }

    /** chmod and explicit times: the file's owner or a caller with CAP_FOWNER (EPERM). */
    static void mayChangeAsOwner(Task t, Node node) {
        if (!capable(t, Capabilities.FOWNER) && t.process().credentials().fsuid() != owner(NodeOps.stat(t, node))) throw new LinuxError(Errno.EPERM);
    }

    /** chown by a caller without CAP_CHOWN, as Linux allows it: the owner keeps itself as owner and
     * gives the file its own group, its filesystem group or one of its supplementary groups. */
    static void mayChown(Task t, Node node, int uid, int gid) {
        if (capable(t, Capabilities.CHOWN)) return;
        MemorySegment st = MemorySegment.ofArray(NodeOps.stat(t, node));
        int owner = st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID);
        int group = st.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID);
        Credentials c = t.process().credentials();
        boolean ok = c.fsuid() == owner && (uid == -1 || uid == owner)
                && (gid == -1 || gid == group || gid == c.fsgid() || t.kernel().groups(t, c).contains(gid));
        if (!ok) throw new LinuxError(Errno.EPERM);
    }

    /** Whether a chmod by the caller may set the set-group-ID bit: CAP_FSETID, or a member of the file's
     * group (its filesystem group or a supplementary one); Linux drops the bit silently otherwise. */
    static boolean keepsSetGid(Task t, Node node) {
        if (capable(t, Capabilities.FSETID)) return true;
        int group = MemorySegment.ofArray(NodeOps.stat(t, node)).get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_GID);
        Credentials c = t.process().credentials();
        return group == c.fsgid() || t.kernel().groups(t, c).contains(group);
    }

    /** Whether a file exists: opens with O_CREAT make it only when it does not. */
    static boolean exists(Task t, Node node) {
        return PathResolver.type(t, node) >= 0;
    }

    private static int owner(byte[] stat) {
        return MemorySegment.ofArray(stat).get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.STAT_UID);
    }
}
