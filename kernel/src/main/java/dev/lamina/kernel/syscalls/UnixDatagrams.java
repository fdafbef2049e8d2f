package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.channel.BlockedCalls;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.net.DatagramPeers;
import dev.lamina.kernel.net.DatagramSenders;
import dev.lamina.kernel.net.DatagramSockets;
import dev.lamina.kernel.net.UnixConnections;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.GuestProcess;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * AF_UNIX datagram sockets (lkl-linux/src/unix_dgram.c). A datagram socket sends to any name,
 * connected or not, and Landlock has no right for host paths, so the guest holds only sockets
 * shut for sending, made here; they receive as any socket does. The kernel sends each datagram
 * itself, from a socket of its own, to the name resolved in the container: a path through the
 * socket file's O_PATH descriptor (no window for a swapped name), an abstract name from the
 * container's abstract-socket thread, whose Landlock scope keeps it among the container's own.
 * Connecting records the peer. A datagram from a named socket is sent from a path of the kernel's
 * that stands for it (DatagramSenders), which the receiver's init host turns into the sender's
 * name, as Linux shows it; one from an unnamed socket, from an unnamed one.
 */
final class UnixDatagrams {
    private UnixDatagrams() {}

    /** An abstract send to a full queue, for a guest that blocks: how long between tries. */
    private static final int FULL_RETRY_MILLIS = 1;
    /** Concurrent sends from one guest socket, each from a sender name of its own (bindSender). */
    private static final int SENDERS_MAX = 64;

    static long call(Task t, Request r, Reply out) {
        HostCalls h = t.host();
        if (r.intArg(0) == Protocol.UNIX_DGRAM_OPEN) return open(t, r.intArg(1), out);
        if (r.fd() < 0) return -Errno.EBADF;
        long socket = DatagramSockets.cookie(h, r.fd());
        if (socket < 0) return socket;
        DatagramPeers peers = t.kernel().datagramPeers();
        return switch (r.intArg(0)) {
            case Protocol.UNIX_DGRAM_CONNECT -> {
                byte[] name = r.bytes(0);
                long inode = UnixConnections.inode(h, r.fd());
                if (name.length == 0) yield peers.connect(socket, inode, null) ? 0 : -Errno.ENOBUFS;
                if (!peers.hasRoom()) yield -Errno.ENOBUFS;
                byte[] peer = kept(t, name);
                // Linux's own answer for this name: a socket of the kernel's connects to it.
                long probed = fromOwnSocket(t, peer, true, (own, k, addr, len) -> own.syscall(Sysno.CONNECT, k, addr, len));
                if (probed < 0) yield probed;
                yield peers.connect(socket, inode, peer) ? 0 : -Errno.ENOBUFS;
            }
            case Protocol.UNIX_DGRAM_SEND -> send(t, r, socket, peers.of(socket));
            case Protocol.UNIX_DGRAM_PEER -> {
                byte[] name = peers.of(socket).name();
                if (name == null) yield -Errno.ENOTCONN;
                out.item(shown(t, name));
                yield 0;
            }
            case Protocol.UNIX_DGRAM_SHUT -> peers.shut(socket, UnixConnections.inode(h, r.fd())) ? 0 : -Errno.ENOBUFS;
            default -> -Errno.EINVAL;
        };
    }

    /** A socket that receives and cannot send, made on the abstract-socket thread, so that Landlock
     * counts it as the container's when the container's own sockets send to its abstract name. */
    private static long open(Task t, int type, Reply out) {
        long fd = t.kernel().abstractNames().run(own -> {
            long s = own.syscall(Sysno.SOCKET, Flags.AF_UNIX, Flags.SOCK_DGRAM | Flags.SOCK_CLOEXEC | (type & Flags.SOCK_NONBLOCK), 0);
            if (s >= 0) own.syscall(Sysno.SHUTDOWN, s, Flags.SHUT_WR);
            return s;
        });
        if (fd < 0) return fd;
        out.fd((int) fd, (type & Flags.SOCK_CLOEXEC) != 0);
        return 0;
    }

    private static long send(Task t, Request r, long socket, DatagramPeers.Peer peer) {
        HostCalls h = t.host();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (byte[] part : r.items().subList(1, r.items().size())) message.writeBytes(part);
        byte[] payload = message.toByteArray();
        byte[] name = r.bytes(0);
        // The kernel's netlink and echo sockets (shut too) answer what is sent to them.
        if (name.length == 0) {
            OptionalLong answered = t.kernel().ports().netlinkSend(h, r.fd(), name, payload);
            if (answered.isPresent()) return answered.getAsLong();
        }
        if (peer.shut()) return -Errno.EPIPE;
        byte[] to = name.length > 0 ? name : peer.name();
        if (to == null) return -Errno.ENOTCONN;
        boolean kept = name.length == 0;
        int flags = r.intArg(1) & ~Flags.MSG_DONTWAIT | Flags.MSG_NOSIGNAL;
        boolean wait = (r.intArg(1) & Flags.MSG_DONTWAIT) == 0 && (h.syscall(Sysno.FCNTL, r.fd(), Flags.F_GETFL) & Flags.O_NONBLOCK) == 0;
        boolean onThread = to[0] == 0;
        // The abstract-socket thread is the container's one: it never blocks there; a full queue is tried again.
        int sendFlags = flags | (wait && !onThread ? 0 : Flags.MSG_DONTWAIT);
        byte[] from = ownName(t, r.fd(), socket);
        var ids = t.process().credentials();
        Call sendTo = (own, k, addr, len) -> {
            // Sent unnamed when no sender name can be had (every one held by a concurrent send).
            MemorySegment sender = from != null ? bindSender(own, k, socket) : null;
            MemorySegment data = own.scratch(Math.max(1, payload.length));
            MemorySegment.copy(payload, 0, data, ValueLayout.JAVA_BYTE, 0, payload.length);
            try {
                return sendAs(own, k, data, payload.length, sendFlags, addr, len, ids.ruid(), ids.rgid());
            } finally {
                if (sender != null) own.syscall(Sysno.UNLINKAT, Flags.AT_FDCWD, sender.address(), 0);
            }
        };
        // On this thread a send waits for room, until the guest's signal (channel.BlockedCalls).
        long sent = wait && !onThread ? BlockedCalls.runAnswering(h, t.channel(), () -> fromOwnSocket(t, to, kept, sendTo))
                : fromOwnSocket(t, to, kept, sendTo);
        while (sent == -Errno.EAGAIN && wait && onThread && t.process().state() == GuestProcess.State.RUNNING) {
            // Waiting for room, as a blocking send does, until the guest's thread takes a signal.
            if (BlockedCalls.interrupted(h, t.channel(), FULL_RETRY_MILLIS)) return -Errno.ERESTARTSYS;
            sent = fromOwnSocket(t, to, kept, sendTo);
        }
        return sent;
    }

    /**
     * Whether the kernel sends each guest datagram with its guest's ids in SCM_CREDENTIALS (and its own pid, which
     * marks them as a kernel's): it takes CAP_SETUID and CAP_SETGID, which a kernel run as root has. Else it sends
     * as itself, and a receiver with SO_PASSCRED is shown the overflow ids, as for a sender it cannot name.
     */
    static final boolean SENDS_GUEST_IDS = capable(Capabilities.SETUID) && capable(Capabilities.SETGID)
            && everyIdMapped("uid_map") && everyIdMapped("gid_map");

    private static boolean capable(int cap) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
                if (line.startsWith("CapEff:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >>> cap & 1) != 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Whether the JVM's user namespace maps every id as itself (the host's own): in another, a guest's id may be
     * unmapped, and a send naming it would fail (EINVAL). */
    private static boolean everyIdMapped(String map) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/" + map)).strip().matches("0\\s+0\\s+4294967295");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Sends a datagram from the kernel's socket k as a guest whose real ids are uid and gid sends it: a receiver with
     * SO_PASSCRED reads those ids, as Linux takes them at the send (the receiver's init host asks the kernel, which
     * knows its own pid as the mark), not the kernel's own, which are root's in the container.
     */
    private static long sendAs(HostCalls h, int k, MemorySegment data, int size, int flags, long addr, long addrLen, int uid, int gid) {
        if (!SENDS_GUEST_IDS) return h.syscall(Sysno.SENDTO, k, data.address(), size, flags, addr, addrLen);
        MemorySegment m = h.scratch(Layouts.MSGHDR_SIZE + Layouts.IOVEC_SIZE + Layouts.CMSG_UCRED_SPACE);
        MemorySegment iov = m.asSlice(Layouts.MSGHDR_SIZE, Layouts.IOVEC_SIZE);
        MemorySegment control = m.asSlice(Layouts.MSGHDR_SIZE + Layouts.IOVEC_SIZE, Layouts.CMSG_UCRED_SPACE);
        iov.set(ValueLayout.JAVA_LONG, 0, data.address());
        iov.set(ValueLayout.JAVA_LONG, Layouts.IOVEC_LEN, size);
        m.set(ValueLayout.JAVA_LONG, 0, addr); // msg_name
        m.set(ValueLayout.JAVA_INT, Layouts.MSGHDR_NAMELEN, (int) addrLen);
        m.set(ValueLayout.JAVA_LONG, Layouts.MSGHDR_IOV, iov.address());
        m.set(ValueLayout.JAVA_LONG, Layouts.MSGHDR_IOVLEN, 1);
        m.set(ValueLayout.JAVA_LONG, Layouts.MSGHDR_CONTROL, control.address());
        m.set(ValueLayout.JAVA_LONG, Layouts.MSGHDR_CONTROLLEN, Layouts.CMSG_UCRED_SPACE);
        control.set(ValueLayout.JAVA_LONG, Layouts.CMSG_LEN, Layouts.CMSG_UCRED_LEN);
        control.set(ValueLayout.JAVA_INT, Layouts.CMSG_LEVEL, Flags.SOL_SOCKET);
        control.set(ValueLayout.JAVA_INT, Layouts.CMSG_TYPE, Flags.SCM_CREDENTIALS);
        control.set(ValueLayout.JAVA_INT, Layouts.CMSG_DATA, (int) ProcessHandle.current().pid());
        control.set(ValueLayout.JAVA_INT, Layouts.CMSG_DATA + 4, uid);
        control.set(ValueLayout.JAVA_INT, Layouts.CMSG_DATA + 8, gid);
        return h.syscall(Sysno.SENDMSG, k, m.address(), flags);
    }

    /** The guest's name for its socket (of this cookie, descriptor fd), or null for an unnamed one: one it bound at a
     * path is known by cookie; one at an abstract name, the host shows. */
    private static byte[] ownName(Task t, int fd, long socket) {
        byte[] name = t.kernel().unixNames().ofSocket(socket);
        if (name != null) return name;
        HostCalls h = t.host();
        MemorySegment a = h.scratch(Layouts.SOCKADDR_MAX + 4);
        MemorySegment len = a.asSlice(Layouts.SOCKADDR_MAX, 4);
        len.set(ValueLayout.JAVA_INT, 0, Layouts.SOCKADDR_UN_SIZE);
        if (h.syscall(Sysno.GETSOCKNAME, fd, a.address(), len.address()) < 0) return null;
        int n = Math.min(Layouts.SOCKADDR_UN_SIZE, len.get(ValueLayout.JAVA_INT, 0));
        if (n <= Layouts.SUN_PATH || a.get(ValueLayout.JAVA_BYTE, Layouts.SUN_PATH) != 0) return null;
        name = a.asSlice(Layouts.SUN_PATH, n - Layouts.SUN_PATH).toArray(ValueLayout.JAVA_BYTE);
        t.kernel().unixNames().namedSocket(socket, UnixConnections.inode(h, fd), name);
        return name;
    }

    /** Binds the kernel's socket k at a path that stands for the guest's socket of this cookie (DatagramSenders),
     * another concurrent send's number when one holds it; the path as a C string, or null when none was had. */
    private static MemorySegment bindSender(HostCalls h, int k, long socket) {
        MemorySegment addr = h.scratch(Layouts.SOCKADDR_UN_SIZE);
        for (int n = 0; n < SENDERS_MAX; n++) {
            String path = DatagramSenders.name(socket, n);
            if (path == null) return null;
            byte[] name = Utf8b.encode(path);
            if (name.length >= Layouts.SUN_PATH_MAX) return null;
            addr.fill((byte) 0);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, Layouts.SUN_PATH, name.length);
            long r = h.syscall(Sysno.BIND, k, addr.address(), Layouts.SUN_PATH + name.length + 1);
            if (r == 0) return addr.asSlice(Layouts.SUN_PATH);
            if (r != -Errno.EADDRINUSE) return null;
        }
        return null;
    }

    /** The guest's name for the socket a datagram came from, which the host shows as the path bindSender
     * bound; null if it is not one, or the socket is forgotten. */
    static byte[] sender(Task t, byte[] shown) {
        long socket = DatagramSenders.socketOf(new String(shown, StandardCharsets.ISO_8859_1));
        return socket < 0 ? null : t.kernel().unixNames().ofSocket(socket);
    }

    /** A call on a fresh datagram socket k of the kernel's, given the host address of name. */
    private interface Call {
        long on(HostCalls own, int k, long addr, long len);
    }

    /** Makes a datagram socket of the kernel's and calls c with the host address name leads to:
     * an abstract name on the abstract-socket thread, a path by its socket file (a guest's path, or a
     * container path the kernel kept: {@code kept}). */
    private static long fromOwnSocket(Task t, byte[] name, boolean kept, Call c) {
        if (name[0] == 0) return t.kernel().abstractNames().run(own -> withSocket(own, name, c));
        String path = Utf8b.decode(name, 0, name.length);
        long file;
        try {
            file = kept ? SocketSyscalls.socketFile(t, t.kernel().resolver().resolveKept(t, path, true), null)
                    : SocketSyscalls.socketFile(t, path, null);
        } catch (LinuxError e) {
            return -e.errno();
        }
        if (file < 0) return file;
        try {
            return withSocket(t.host(), Utf8b.encode("/proc/self/fd/" + file), c);
        } finally {
            t.host().syscall(Sysno.CLOSE, file);
        }
    }

    private static long withSocket(HostCalls h, byte[] name, Call c) {
        if (name.length > Layouts.SUN_PATH_MAX) return -Errno.EINVAL;
        long k = h.syscall(Sysno.SOCKET, Flags.AF_UNIX, Flags.SOCK_DGRAM | Flags.SOCK_CLOEXEC, 0);
        if (k < 0) return k;
        try {
            MemorySegment addr = h.scratch(Layouts.SOCKADDR_UN_SIZE);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, Layouts.SUN_PATH, name.length);
            boolean path = name[0] != 0;
            long len = Layouts.SUN_PATH + name.length + (path && name.length < Layouts.SUN_PATH_MAX ? 1 : 0);
            return c.on(h, (int) k, addr.address(), len);
        } finally {
            h.syscall(Sysno.CLOSE, k);
        }
    }

    /**
     * A peer's name as the kernel keeps it: a path as the canonical container path of the file it names
     * (later sends reach that file whatever the caller's root or working directory then, as Linux keeps the
     * socket itself); an abstract name as it is.
     */
    private static byte[] kept(Task t, byte[] name) {
        if (name[0] == 0) return name;
        String path = Utf8b.decode(name, 0, name.length);
        return Utf8b.encode(t.kernel().resolver().resolve(t, t.fs().cwd(), path, true).path());
    }

    /** A kept peer name as the caller names it from its root (one outside it as it is). */
    private static byte[] shown(Task t, byte[] name) {
        if (name[0] == 0) return name;
        String named = t.fs().named(Utf8b.decode(name, 0, name.length));
        return named == null ? name : Utf8b.encode(named);
    }
}
