package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostPaths;
import dev.lamina.kernel.net.DatagramSenders;
import dev.lamina.kernel.net.PlaceholderSockets;
import dev.lamina.kernel.net.UnixConnections;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.net.PortSpace;
import dev.lamina.kernel.channel.BlockedCalls;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.Resolved;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalLong;

/** AF_UNIX sockets named by a path, resolved in the container. The kernel
 * binds the guest's socket itself (it is sent along), at a name it creates
 * in a directory it holds; for connect and send it hands back the socket file
 * itself (an O_PATH descriptor the init host names as /proc/self/fd/N), so a
 * name swapped for a symlink after the check leads nowhere else. With a port
 * plan, every bind and listen, the socket's names, destinations (loopback
 * and container addresses) and received addresses (OP_SOCKET) go to the
 * container's PortSpace, and so do NETLINK_ROUTE sockets, which the kernel
 * answers on the engine's networks (NetlinkSockets). */
final class SocketSyscalls {
    private SocketSyscalls() {}

    static void register(SyscallTable table) {
        table.onOp(Protocol.OP_UNIX_PATH, SocketSyscalls::unixPath);
        table.onOp(Protocol.OP_SOCKET, SocketSyscalls::socket);
    }

    private static long socket(Task t, Request r, Reply out) {
        PortSpace ports = t.kernel().ports();
        HostCalls h = t.host();
        return switch (r.intArg(0)) {
            case Protocol.SOCKET_BIND -> ports.bind(h, r.fd(), r.bytes(0));
            case Protocol.SOCKET_LISTEN -> ports.listen(h, r.fd(), r.intArg(1));
            case Protocol.SOCKET_NAME, Protocol.SOCKET_PEER -> {
                out.item(ports.name(h, r.fd(), r.intArg(0) == Protocol.SOCKET_PEER));
                yield 0;
            }
            case Protocol.SOCKET_DESTINATION -> destination(t, ports, r, out);
            case Protocol.SOCKET_INTERFACE -> {
                out.item(ports.interfaceRequest(h, r.fd(), r.intArg(1), r.bytes(0)));
                yield 0;
            }
            case Protocol.SOCKET_SOURCE -> {
                out.item(ports.source(h, r.fd(), r.bytes(0)));
                yield 0;
            }
            case Protocol.SOCKET_NETLINK_OPEN -> {
                int type = r.intArg(1);
                out.fd(ports.netlinkSocket(h, type, t.process().pid()), (type & Flags.SOCK_CLOEXEC) != 0);
                yield ports.answersNetlink() ? 1 : 0;
            }
            case Protocol.SOCKET_NETLINK_SEND -> {
                int parts = r.intArg(1) > 0 ? 1 : 0;
                byte[] to = parts == 0 ? new byte[0] : r.bytes(0);
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                for (byte[] part : r.items().subList(parts, r.items().size())) message.writeBytes(part);
                OptionalLong taken = ports.netlinkSend(h, r.fd(), to, message.toByteArray());
                if (taken.isEmpty()) yield 0;
                out.item(new byte[0]);
                yield taken.getAsLong();
            }
            case Protocol.SOCKET_ECHO_OPEN -> {
                int type = r.intArg(1);
                // A raw socket needs CAP_NET_RAW in effect, as on Linux: not a user's, nor root's after --cap-drop NET_RAW
                // (ping's datagram socket needs none: Docker opens ping_group_range to every group).
                if ((type & Flags.SOCK_TYPE_MASK) == Flags.SOCK_RAW && !t.process().credentials().capable(Capabilities.NET_RAW))
                    yield -Errno.EPERM;
                int fd = ports.echoSocket(h, type);
                if (fd < 0) yield 0; // no descriptor: the host's socket
                out.fd(fd, (type & Flags.SOCK_CLOEXEC) != 0);
                yield 1;
            }
            default -> -Errno.EINVAL;
        };
    }

    /**
     * Where a connect or send leads. For a TCP connect the init host may keep (a1: ROUTE_GRANT), the
     * reply says for how long (the epoch read before the lookup), with the epoch page if asked for, and,
     * for a route to another container, up to a2 client sockets to connect from (tcp_connect.c).
     */
    private static long destination(Task t, PortSpace ports, Request r, Reply out) {
        HostCalls h = t.host();
        int ask = r.intArg(1);
        long page = (ask & Protocol.ROUTE_EPOCH) != 0 ? ports.epochPage(h) : -1; // the page is made at the first
        long epoch = ports.epochNow();
        PortSpace.Destination d;
        try {
            d = ports.destination(h, r.fd(), r.bytes(0));
        } catch (RuntimeException e) {
            if (page >= 0) h.syscall(Sysno.CLOSE, page);
            throw e;
        }
        if ((ask & Protocol.ROUTE_GRANT) == 0 || !d.keep() || epoch == 0 || (ask & Protocol.ROUTE_EPOCH) != 0 && page < 0) {
            if (page >= 0) h.syscall(Sysno.CLOSE, page);
            if (d.to() != null) out.item(d.to());
            return 0;
        }
        if (page >= 0) out.fd((int) page, true);
        ByteBuffer grant = ByteBuffer.allocate(Protocol.ROUTE_GRANT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        grant.putLong(epoch).putInt(d.client() ? Protocol.ROUTE_CLIENT : 0).putInt(0);
        out.item(grant.array());
        if (d.to() != null) out.item(d.to());
        // Only to a guest that has read every reply before (as an init host does before it asks again): one that asked
        // on without reading would pile descriptors up in flight, which the host counts against the kernel's user.
        int room = Math.min(r.intArg(2), Protocol.REPLY_FDS_MAX - out.fdCount());
        if (d.client() && room > 0 && unread(h, t.channel().fd()) == 0)
            for (int fd : ports.clientSockets(room)) out.fd(fd, true);
        return 1;
    }

    /** Bytes the kernel sent on a channel that its guest has not read yet (-errno: the host's refusal). */
    private static long unread(HostCalls h, int channel) {
        MemorySegment n = h.scratch(4);
        long r = h.syscall(Sysno.IOCTL, channel, Flags.SIOCOUTQ, n.address());
        return r < 0 ? r : n.get(ValueLayout.JAVA_INT, 0);
    }

    private static long unixPath(Task t, Request r, Reply out) {
        return switch (r.intArg(0)) {
            case Protocol.UNIX_FILE, Protocol.UNIX_BIND -> {
                String path = r.string(0);
                if (path == null) yield -Errno.EINVAL;
                yield r.intArg(0) == Protocol.UNIX_BIND ? bind(t, path, r.fd()) : socketFile(t, path, out);
            }
            case Protocol.UNIX_NEW_BIND, Protocol.UNIX_NEW_CONNECT, Protocol.UNIX_NEW_LISTEN -> {
                if (r.fd() < 0) yield -Errno.EBADF;
                yield replacement(t, r.intArg(0), r.intArg(1), r.bytes(0), r.fd(), out);
            }
            case Protocol.UNIX_BOUND_CONNECT -> {
                if (r.fd() < 0) yield -Errno.EBADF;
                yield boundConnect(t, r.bytes(0), r.fd(), out);
            }
            case Protocol.UNIX_DGRAM_OPEN, Protocol.UNIX_DGRAM_CONNECT, Protocol.UNIX_DGRAM_SEND, Protocol.UNIX_DGRAM_PEER,
                 Protocol.UNIX_DGRAM_SHUT -> UnixDatagrams.call(t, r, out);
            case Protocol.UNIX_NAME -> {
                if (r.fd() < 0) yield -Errno.EBADF;
                byte[] name = r.intArg(1) == Protocol.NAME_SENDER ? UnixDatagrams.sender(t, r.bytes(0))
                        : t.kernel().unixNames().shown(t.host(), r.fd(), r.intArg(1) != 0, r.bytes(0));
                if (name != null) out.item(name);
                yield 0;
            }
            default -> -Errno.EINVAL;
        };
    }

    /** A socket in a placeholder's stead (PlaceholderSockets): bound (then listening), connected, or listening. An
     * abstract or unnamed one is the container's abstract-socket thread's to make; one named by a path, this thread's. */
    private static long replacement(Task t, int op, int backlog, byte[] name, int placeholder, Reply out) {
        HostCalls h = t.host();
        boolean path = name.length > 0 && name[0] != 0;
        long r;
        if (!path && op == Protocol.UNIX_NEW_CONNECT) {
            r = t.kernel().abstractNames().connect(h, t.channel(), placeholder, name, (own, fd) -> connecting(t, own, fd));
        } else if (!path) {
            r = t.kernel().abstractNames().run(own -> PlaceholderSockets.kept(own, PlaceholderSockets.like(own, placeholder),
                    fd -> op == Protocol.UNIX_NEW_BIND ? listening(own, fd, PlaceholderSockets.bind(own, fd, name))
                            : own.syscall(Sysno.LISTEN, fd, backlog)));
        } else if (op == Protocol.UNIX_NEW_LISTEN) {
            return -Errno.EINVAL;
        } else {
            String at = Utf8b.decode(name, 0, name.length);
            r = PlaceholderSockets.kept(h, PlaceholderSockets.like(h, placeholder), fd -> {
                // a connect to a full backlog waits, until the guest's signal (channel.BlockedCalls)
                if (op != Protocol.UNIX_NEW_BIND)
                    return PlaceholderSockets.restartable(h, fd, BlockedCalls.runAnswering(h, t.channel(), () -> connectTo(t, fd, at)));
                return listening(h, fd, bind(t, at, fd));
            });
        }
        if (r < 0) return r;
        out.fd((int) r, true);
        return 0;
    }

    /** A socket the kernel bound for the guest (bound: the bind's result), listening at once (no guest code holds
     * one unconnected), with Linux's default backlog until the guest's own listen. */
    private static long listening(HostCalls h, int fd, long bound) {
        return bound < 0 ? bound : h.syscall(Sysno.LISTEN, fd, PlaceholderSockets.BACKLOG);
    }

    /** Connects the kernel's socket fd to the socket file at the guest's path. */
    private static long connectTo(Task t, int fd, String path) {
        HostCalls h = t.host();
        long done = socketFile(t, path, null);
        if (done < 0) return done;
        int file = (int) done;
        connecting(t, h, fd);
        done = PlaceholderSockets.connect(h, fd, Utf8b.encode("/proc/self/fd/" + file));
        h.syscall(Sysno.CLOSE, file);
        return done;
    }

    /**
     * A connect of a socket the guest bound by path, which the kernel made listening at its bind (no guest
     * code holds an unconnected one): Linux connects it from its name. A socket like it is connected in its
     * stead, bound first where the kernel keeps such names (DatagramSenders.boundClient, unlinked at once)
     * and known by the name the guest bound, which its getsockname and its peer's accept and getpeername
     * show. One bound at an abstract name, or connecting to one, is EINVAL still (as before: not yet).
     */
    private static long boundConnect(Task t, byte[] name, int bound, Reply out) {
        HostCalls h = t.host();
        byte[] shown = t.kernel().unixNames().ofInode(UnixConnections.inode(h, bound));
        if (shown == null || shown.length == 0 || shown[0] == 0 || name.length == 0 || name[0] == 0) return -Errno.EINVAL;
        if (!t.kernel().unixNames().hasRoom()) return -Errno.ENOBUFS; // as bind: the name must be kept
        long fd = PlaceholderSockets.kept(h, PlaceholderSockets.like(h, bound), s -> {
            long done = bindAside(t, s, shown);
            if (done < 0) return done;
            String at = Utf8b.decode(name, 0, name.length);
            return PlaceholderSockets.restartable(h, s, BlockedCalls.runAnswering(h, t.channel(), () -> connectTo(t, s, at)));
        });
        if (fd < 0) return fd;
        out.fd((int) fd, true);
        return 0;
    }

    /** Binds the kernel's socket fd at its bound-client path, through that directory as the kernel binds (so the
     * host shows the name with Protocol.KERNEL_BOUND, which the init host asks the guest's name of), and unlinks it. */
    private static long bindAside(Task t, int fd, byte[] shown) {
        HostCalls h = t.host();
        String path = DatagramSenders.boundClient(UnixConnections.inode(h, fd));
        if (path == null) return -Errno.EADDRNOTAVAIL;
        int slash = path.lastIndexOf('/');
        String leaf = path.substring(slash + 1);
        int dir = (int) HostPaths.open(h, path.substring(0, slash), Flags.O_PATH | Flags.O_DIRECTORY | Flags.O_CLOEXEC, 0);
        if (dir < 0) return dir;
        try {
            byte[] host = Utf8b.encode(Protocol.KERNEL_BOUND + dir + "/" + leaf);
            if (host.length >= Layouts.SUN_PATH_MAX) return -Errno.ENAMETOOLONG;
            long r = PlaceholderSockets.bind(h, fd, address(host));
            if (r < 0) return r;
            h.syscall(Sysno.UNLINKAT, dir, h.cstring(leaf).address(), 0);
            t.kernel().unixNames().bound(h, fd, host, shown);
            return 0;
        } finally {
            h.syscall(Sysno.CLOSE, dir);
        }
    }

    /** A sockaddr_un's bytes after the family, as PlaceholderSockets.bind takes them: the path and its NUL. */
    private static byte[] address(byte[] path) {
        return java.util.Arrays.copyOf(path, path.length + 1);
    }

    private static long bind(Task t, String path, int socket) {
        if (socket < 0) return -Errno.EBADF;
        Resolved res = t.kernel().resolver().resolve(t, t.fs().cwd(), path, false);
        // Nothing the kernel makes up can be bound over.
        if (!(res.node() instanceof Node.InTree in) || in.rel().isEmpty()) return -Errno.EADDRINUSE;
        if (!NodeOps.inDev(t, in)) NodeOps.requireWritable(t, in);
        Permissions.mayCreate(t, res); // a name in its directory, as any file's
        if (!t.kernel().unixNames().hasRoom()) return -Errno.ENOBUFS;
        HostCalls h = t.host();
        h.guestUmask(t.fs().umask());
        String name = in.rel().substring(in.rel().lastIndexOf('/') + 1);
        long r = NodeOps.at(t, in, (dir, n) -> {
            byte[] host = Utf8b.encode(Protocol.KERNEL_BOUND + dir + "/" + name);
            if (host.length >= Layouts.SUN_PATH_MAX) return -Errno.ENAMETOOLONG;
            MemorySegment addr = h.scratch(Layouts.SOCKADDR_UN_SIZE);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
            MemorySegment.copy(host, 0, addr, ValueLayout.JAVA_BYTE, Layouts.SUN_PATH, host.length);
            long done = h.syscall(Sysno.BIND, socket, addr.address(), Layouts.SUN_PATH + host.length + 1);
            if (done >= 0) t.kernel().unixNames().bound(h, socket, host, Utf8b.encode(path));
            return done;
        });
        // The socket file is its binder's, as on Linux: postgres then chmods it (a user's own file).
        if (r >= 0) NodeOps.ownNew(t, in);
        return r;
    }

    /** The kernel's socket fd is about to connect for the guest, whose peer's SO_PEERCRED then names it: recorded
     * before, as a server can accept and ask as soon as the connect is made (an entry of a failed one is the
     * socket's inode's, which the next socket with that inode takes over). */
    private static void connecting(Task t, HostCalls h, int fd) {
        var c = t.process().credentials();
        t.kernel().unixConnections().connected(h, fd, new UnixConnections.Peer(t.process().pid(), c.euid(), c.egid()));
    }

    /** The socket file at path as an O_PATH descriptor: in out, or returned when out is null. */
    static long socketFile(Task t, String path, Reply out) {
        return socketFile(t, t.kernel().resolver().resolve(t, t.fs().cwd(), path, true), out);
    }

    /** The socket file res names, as {@link #socketFile(Task, String, Reply)}. */
    static long socketFile(Task t, Resolved res, Reply out) {
        if (!(res.node() instanceof Node.InTree in) || in.rel().isEmpty()) return -Errno.ECONNREFUSED;
        HostCalls h = t.host();
        long fd = in.tree().open(h, in.rel(), Flags.O_PATH | Flags.O_NOFOLLOW | Flags.O_CLOEXEC, 0);
        if (fd < 0) return fd;
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        if (h.syscall(Sysno.FSTAT, fd, st.address()) < 0 || (NodeOps.mode(st) & Flags.S_IFMT) != Flags.S_IFSOCK) {
            h.syscall(Sysno.CLOSE, fd);
            return -Errno.ECONNREFUSED;
        }
        // Connecting and sending take write permission on the socket file, as Linux's unix_find_other asks:
        // the file opened, not the name (swapped meanwhile, it would be another's).
        if (!Permissions.allowed(t, NodeOps.stat(t, new Node.OpenFile("/proc/self/fd/" + fd, "")), Permissions.WRITE, false)) {
            h.syscall(Sysno.CLOSE, fd);
            return -Errno.EACCES;
        }
        if (out == null) return fd;
        out.fd((int) fd, true);
        return 0;
    }
}
