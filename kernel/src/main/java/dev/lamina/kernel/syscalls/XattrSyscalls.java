package dev.lamina.kernel.syscalls;

import static dev.lamina.kernel.syscalls.PathArgs.resolve;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.Resolved;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.ToLongFunction;

/**
 * Extended attributes, by path and by descriptor. user.* are the host
 * file's own; security.capability is the host's too when Lamina runs as
 * root (the image unpacker sets it so); other security.* and trusted.*
 * names are metadata, kept as user.lamina.NAME, like owners (trusted.* for
 * the container's root only, as CAP_SYS_ADMIN keeps them). Lamina's own
 * user.lamina.* never show. A change acts on the container's own copy of
 * the file (copied up first), through a descriptor, like chmod. system.*
 * (ACLs): EOPNOTSUPP.
 */
final class XattrSyscalls {
    private XattrSyscalls() {}

    private static final String OWN = "user.lamina.";
    private static final String CAPABILITY = "security.capability";

    static void register(SyscallTable table) {
        table.on(Syscalls.GETXATTR, (t, a, out) -> get(t, resolve(t, a, "path", true), a, out));
        table.on(Syscalls.LGETXATTR, (t, a, out) -> get(t, resolve(t, a, "path", false), a, out));
        table.on(Syscalls.FGETXATTR, (t, a, out) -> get(t, PathArgs.fd(t, a, "fd"), a, out));
        table.on(Syscalls.SETXATTR, (t, a, out) -> set(t, resolve(t, a, "path", true), a));
        table.on(Syscalls.LSETXATTR, (t, a, out) -> set(t, resolve(t, a, "path", false), a));
        table.on(Syscalls.FSETXATTR, (t, a, out) -> set(t, PathArgs.fd(t, a, "fd"), a));
        table.on(Syscalls.LISTXATTR, (t, a, out) -> list(t, resolve(t, a, "path", true), a, out));
        table.on(Syscalls.LLISTXATTR, (t, a, out) -> list(t, resolve(t, a, "path", false), a, out));
        table.on(Syscalls.FLISTXATTR, (t, a, out) -> list(t, PathArgs.fd(t, a, "fd"), a, out));
        table.on(Syscalls.REMOVEXATTR, (t, a, out) -> remove(t, resolve(t, a, "path", true), a));
        table.on(Syscalls.LREMOVEXATTR, (t, a, out) -> remove(t, resolve(t, a, "path", false), a));
        table.on(Syscalls.FREMOVEXATTR, (t, a, out) -> remove(t, PathArgs.fd(t, a, "fd"), a));
    }

    /** The host attribute a guest name is kept in. */
    private static String hostName(Task t, String name) {
        if (name == null || name.isEmpty() || name.length() > Flags.XATTR_NAME_MAX) throw new LinuxError(Errno.ERANGE);
        if (name.startsWith(OWN)) throw new LinuxError(Errno.EPERM);
        if (name.startsWith("user.")) return name;
        if (name.equals(CAPABILITY) && t.kernel().hostUid() == 0) return name;
        if (name.startsWith(SECURITY) || name.startsWith(TRUSTED)) return OWN + name;
        throw new LinuxError(Errno.EOPNOTSUPP);
    }

    /** The guest name of a host attribute, or null for one the guest does not see. */
    private static String guestName(Task t, String host) {
        if (host.startsWith(OWN + SECURITY)) return host.substring(OWN.length());
        if (host.startsWith(OWN + TRUSTED) && t.process().credentials().capable(Capabilities.SYS_ADMIN)) return host.substring(OWN.length());
        if (host.startsWith(OWN)) return null;
        if (host.startsWith("user.") || (host.equals(CAPABILITY) && t.kernel().hostUid() == 0)) return host;
        return null;
    }

    private static final String SECURITY = "security.", TRUSTED = "trusted.";

    /** Whether the caller may read (trusted.* takes CAP_SYS_ADMIN) or change (security.* too;
     * security.capability takes CAP_SETFCAP) the attribute of this host name. */
    private static boolean mayUse(Task t, String name, boolean change) {
        String guest = name.startsWith(OWN) ? name.substring(OWN.length()) : name;
        var c = t.process().credentials();
        if (guest.startsWith(TRUSTED)) return c.capable(Capabilities.SYS_ADMIN);
        if (!change || !guest.startsWith(SECURITY)) return true;
        return c.capable(guest.equals(CAPABILITY) ? Capabilities.SETFCAP : Capabilities.SYS_ADMIN);
    }

    /**
     * Linux's xattr_permission for a user.* attribute: only a regular file's or a directory's (another's
     * reads as absent and takes none), to read the file's read permission, to change its write permission
     * (in a sticky directory also its ownership), capabilities bypassing them as they bypass those.
     */
    private static long userPermission(Task t, Node file, String name, boolean change) {
        if (!name.startsWith("user.")) return 0;
        byte[] st = NodeOps.stat(t, file);
        int mode = NodeOps.mode(st), type = mode & Flags.S_IFMT;
        if (type != Flags.S_IFREG && type != Flags.S_IFDIR) return change ? -Errno.EPERM : -Errno.ENODATA;
        if (change && type == Flags.S_IFDIR && (mode & Flags.S_ISVTX) != 0 && !Permissions.ownerOrCapable(t, st)) return -Errno.EPERM;
        return Permissions.allowed(t, st, change ? Permissions.WRITE : Permissions.READ, false) ? 0 : -Errno.EACCES;
    }

    /** The file a descriptor of the kernel's holds: a change's checks are on it, not on a name swapped meanwhile. */
    private static Node opened(int fd) {
        return new Node.OpenFile("/proc/self/fd/" + fd, "");
    }

    private static long get(Task t, Resolved res, Args a, Reply out) {
        String name = hostName(t, a.string("name"));
        if (!mayUse(t, name, false)) return -Errno.ENODATA;
        long refused = userPermission(t, res.node(), name, false);
        if (refused != 0) return refused;
        long size = a.arg("size");
        HostCalls h = t.host();
        int cap = (int) Math.min(Math.max(size, 0), Flags.XATTR_SIZE_MAX);
        MemorySegment buf = h.scratch(Math.max(cap, 1));
        long n = reading(t, res.node(), path -> h.syscall(Sysno.GETXATTR, path, h.cstring(name).address(),
                size == 0 ? 0 : buf.address(), size == 0 ? 0 : cap));
        if (n > 0 && size > 0) out.item(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        return n;
    }

    private static long list(Task t, Resolved res, Args a, Reply out) {
        long size = a.arg("size");
        HostCalls h = t.host();
        MemorySegment buf = h.scratch(Flags.XATTR_SIZE_MAX);
        long n = reading(t, res.node(), path -> h.syscall(Sysno.LISTXATTR, path, buf.address(), Flags.XATTR_SIZE_MAX));
        if (n == -Errno.ENODATA) return 0; // a file with no attributes lists none (listxattr is never ENODATA)
        if (n < 0) return n;
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        byte[] all = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        for (int start = 0, end; start < all.length; start = end + 1) {
            end = start;
            while (end < all.length && all[end] != 0) end++;
            String guest = guestName(t, Utf8b.decode(all, start, end - start));
            if (guest != null) names.writeBytes(dev.lamina.kernel.Kernel.cstring(guest));
        }
        if (size == 0) return names.size();
        if (names.size() > size) return -Errno.ERANGE;
        out.item(names.toByteArray());
        return names.size();
    }

    private static long set(Task t, Resolved res, Args a) {
        String name = hostName(t, a.string("name"));
        byte[] value = a.bytes("value");
        int flags = a.intArg("flags");
        if ((flags & ~(Flags.XATTR_CREATE | Flags.XATTR_REPLACE)) != 0) return -Errno.EINVAL;
        if (value.length > Flags.XATTR_SIZE_MAX) return -Errno.E2BIG;
        if (!mayUse(t, name, true)) return -Errno.EPERM;
        HostCalls h = t.host();
        return changing(t, res, fd -> {
            long refused = userPermission(t, opened(fd), name, true);
            if (refused != 0) return refused;
            MemorySegment v = h.scratch(Math.max(value.length, 1));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            return h.syscall(Sysno.SETXATTR, h.cstring("/proc/self/fd/" + fd).address(), h.cstring(name).address(),
                    v.address(), value.length, flags);
        });
    }

    private static long remove(Task t, Resolved res, Args a) {
        String name = hostName(t, a.string("name"));
        if (!mayUse(t, name, true)) return -Errno.EPERM;
        HostCalls h = t.host();
        return changing(t, res, fd -> {
            long refused = userPermission(t, opened(fd), name, true);
            return refused != 0 ? refused
                    : h.syscall(Sysno.REMOVEXATTR, h.cstring("/proc/self/fd/" + fd).address(), h.cstring(name).address());
        });
    }

    /** A read on the file itself, named by a path the host's *xattr calls take (the magic link of a
     * descriptor of it). Through /proc/PID/fd, the container's file of that name, as for a reopen: guest
     * code can hold any host file by itself, and the kernel reads with none of Landlock's limits. */
    private static long reading(Task t, Node node, ToLongFunction<Long> call) {
        HostCalls h = t.host();
        return switch (NodeOps.named(t, node)) {
            case Node.InTree in -> {
                int fd = (int) LinuxError.check(in.tree().open(h, in.rel(), Flags.O_PATH | Flags.O_NOFOLLOW | Flags.O_CLOEXEC, 0));
                try {
                    yield call.applyAsLong(h.cstring("/proc/self/fd/" + fd).address());
                } finally {
                    h.syscall(Sysno.CLOSE, fd);
                }
            }
            // Devices, musl+ and generated files: no attributes.
            default -> -Errno.ENODATA;
        };
    }

    /** A change on the container's own copy of the file, as chmod makes it. */
    private static long changing(Task t, Resolved res, OwnFiles.FdCall change) {
        if (res.node() instanceof Node.OpenFile f) {
            Long unnamed = Reopen.onUnnamedOwn(t, f, change);
            if (unnamed != null) return unnamed;
        }
        Node node = NodeOps.named(t, res.node());
        if (node instanceof Node.HostFile) return -Errno.EPERM;
        return OwnFiles.onOwn(t, NodeOps.writableTree(t, node), change);
    }
}
