package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.net.PortSpace;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.Resolved;
import java.io.ByteArrayOutputStream;
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
            case Protocol.SOCKET_DESTINATION -> {
                byte[] to = ports.destination(h, r.fd(), r.bytes(0));
                if (to != null) out.item(to);
                yield 0;
            }
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
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                for (byte[] part : r.items()) message.writeBytes(part);
                OptionalLong taken = ports.netlinkSend(h, r.fd(), message.toByteArray());
                if (taken.isEmpty()) yield 0;
                out.item(new byte[0]);
                yield taken.getAsLong();
            }
            default -> -Errno.EINVAL;
        };
    }

    private static long unixPath(Task t, Request r, Reply out) {
        String path = r.string(0);
        if (path == null) return -Errno.EINVAL;
        return r.arg(0) == Protocol.UNIX_BIND ? bind(t, path, r.fd()) : socketFile(t, path, out);
    }

    private static long bind(Task t, String path, int socket) {
        if (socket < 0) return -Errno.EBADF;
        Resolved res = t.kernel().resolver().resolve(t, t.process().cwd(), path, false);
        // Nothing the kernel makes up can be bound over.
        if (!(res.node() instanceof Node.InTree in) || in.rel().isEmpty()) return -Errno.EADDRINUSE;
        NodeOps.requireWritable(t, in);
        HostCalls h = t.host();
        h.syscall(Sysno.UMASK, t.process().umask());
        String name = in.rel().substring(in.rel().lastIndexOf('/') + 1);
        return NodeOps.at(t, in, (dir, n) -> {
            byte[] host = Utf8b.encode("/proc/self/fd/" + dir + "/" + name);
            if (host.length >= Layouts.SUN_PATH_MAX) return -Errno.ENAMETOOLONG;
            MemorySegment addr = h.scratch(Layouts.SOCKADDR_UN_SIZE);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
            MemorySegment.copy(host, 0, addr, ValueLayout.JAVA_BYTE, Layouts.SUN_PATH, host.length);
            return h.syscall(Sysno.BIND, socket, addr.address(), Layouts.SUN_PATH + host.length + 1);
        });
    }

    private static long socketFile(Task t, String path, Reply out) {
        Resolved res = t.kernel().resolver().resolve(t, t.process().cwd(), path, true);
        if (!(res.node() instanceof Node.InTree in) || in.rel().isEmpty()) return -Errno.ECONNREFUSED;
        HostCalls h = t.host();
        long fd = in.tree().open(h, in.rel(), Flags.O_PATH | Flags.O_NOFOLLOW | Flags.O_CLOEXEC, 0);
        if (fd < 0) return fd;
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        if (h.syscall(Sysno.FSTAT, fd, st.address()) < 0 || (NodeOps.mode(st) & Flags.S_IFMT) != Flags.S_IFSOCK) {
            h.syscall(Sysno.CLOSE, fd);
            return -Errno.ECONNREFUSED;
        }
        out.fd((int) fd, true);
        return 0;
    }
}
