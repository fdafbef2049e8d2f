package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Netlink;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The NETLINK_ROUTE sockets of a container on the engine's networks, answered by the
 * kernel: with no network namespace, the host's rtnetlink would tell the host's
 * interfaces. Emulated rather than filtered, since a reply cannot be put into a host
 * netlink socket's queue: the guest's socket is one end of an AF_UNIX datagram pair,
 * and the kernel keeps the other, bound at an abstract name that starts with
 * {@link Protocol#NETLINK_PEER} (by which the init host shows a datagram's sender as
 * netlink's kernel, port 0). The init host brings every message the guest sends on
 * it, and the kernel writes the answers (Rtnetlink) on its end before the send
 * returns, as Linux answers a dump within the sender's call (musl reads the answer
 * with MSG_DONTWAIT). bind and getsockname speak sockaddr_nl, with a port id of the
 * socket's own; no events are ever sent to groups it joins.
 */
public final class NetlinkSockets {

    private static final class Socket {
        final int peer;
        int portId;
        /** Made since the last prune: its guest may not hold it yet. */
        boolean fresh = true;

        Socket(int peer, int portId) {
            this.peer = peer;
            this.portId = portId;
        }
    }

    /** By the inode of the guest's end. */
    private final Map<Long, Socket> sockets = new HashMap<>();
    private final Supplier<Set<Long>> held;
    private int pruneAt = 16;
    /** Linux gives a process's first netlink socket its pid as port id, then negative ones. */
    private int nextPortId = -4096;

    NetlinkSockets(Supplier<Set<Long>> held) { this.held = held; }

    /** A new socket for the guest process {@code pid}: the guest's end, a descriptor of the kernel's to hand over. */
    synchronized int open(HostCalls h, int type, int pid) {
        int base = type & Flags.SOCK_TYPE_MASK;
        if (base != Flags.SOCK_RAW && base != Flags.SOCK_DGRAM) throw new LinuxError(Errno.ESOCKTNOSUPPORT);
        prune(h);
        MemorySegment pair = h.scratch(8);
        LinuxError.check(h.syscall(Sysno.SOCKETPAIR, Flags.AF_UNIX,
                Flags.SOCK_DGRAM | Flags.SOCK_CLOEXEC | (type & Flags.SOCK_NONBLOCK), 0, pair.address()));
        int guest = pair.get(ValueLayout.JAVA_INT, 0), peer = pair.get(ValueLayout.JAVA_INT, 4);
        try {
            byte[] name = KernelNames.next(Protocol.NETLINK_PEER);
            MemorySegment addr = h.scratch(Layouts.SUN_PATH + 1 + name.length);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Flags.AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, Layouts.SUN_PATH + 1, name.length);
            LinuxError.check(h.syscall(Sysno.BIND, peer, addr.address(), addr.byteSize()));
            // The kernel answers every send (a datagram socket would send to any path: unix_dgram.c).
            LinuxError.check(h.syscall(Sysno.SHUTDOWN, guest, Flags.SHUT_WR));
            long inode = GuestSocket.of(h, guest).inode();
            sockets.put(inode, new Socket(peer, taken(pid) ? nextPortId-- : pid));
            return guest;
        } catch (LinuxError e) {
            h.syscall(Sysno.CLOSE, guest);
            h.syscall(Sysno.CLOSE, peer);
            throw e;
        }
    }

    synchronized boolean owns(long inode) { return sockets.containsKey(inode); }

    /** bind: a port id of its own asked for (0: keep the one it has); groups are taken, and stay silent. */
    synchronized long bind(long inode, byte[] addr) {
        if (addr.length < Netlink.SOCKADDR_NL_SIZE || (addr[0] & 0xff | addr[1] << 8) != Flags.AF_NETLINK) return -Errno.EINVAL;
        int portId = ByteBuffer.wrap(addr).order(ByteOrder.LITTLE_ENDIAN).getInt(Netlink.SOCKADDR_NL_PID);
        Socket s = sockets.get(inode);
        if (portId != 0 && portId != s.portId) {
            if (taken(portId)) return -Errno.EADDRINUSE;
            s.portId = portId;
        }
        return 0;
    }

    /** getsockname's sockaddr_nl (its port id), or getpeername's (netlink's kernel, 0). */
    synchronized byte[] name(long inode, boolean peer) {
        ByteBuffer a = ByteBuffer.allocate(Netlink.SOCKADDR_NL_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        a.putShort(0, (short) Flags.AF_NETLINK);
        if (!peer) a.putInt(Netlink.SOCKADDR_NL_PID, sockets.get(inode).portId);
        return a.array();
    }

    /**
     * A message the guest sends: the answers go on the guest's queue now (dropped when it is
     * full, as netlink drops what a receiver has no room for); returns the bytes taken.
     */
    long send(HostCalls h, long inode, byte[] message, List<Interfaces.Interface> interfaces) {
        Socket s;
        int portId;
        synchronized (this) {
            s = sockets.get(inode);
            portId = s.portId;
        }
        for (byte[] d : Rtnetlink.answer(interfaces, message, portId)) {
            MemorySegment buf = h.scratch(d.length);
            MemorySegment.copy(d, 0, buf, ValueLayout.JAVA_BYTE, 0, d.length);
            h.syscall(Sysno.SENDTO, s.peer, buf.address(), d.length, Flags.MSG_DONTWAIT | Flags.MSG_NOSIGNAL, 0, 0);
        }
        return message.length;
    }

    synchronized void close(HostCalls h) {
        for (Socket s : sockets.values()) h.syscall(Sysno.CLOSE, s.peer);
        sockets.clear();
    }

    private boolean taken(int portId) {
        for (Socket s : sockets.values()) if (s.portId == portId) return true;
        return false;
    }

    /** Closes the kernel's ends of sockets the container no longer holds, when there are many. */
    private void prune(HostCalls h) {
        if (sockets.size() < pruneAt) return;
        Set<Long> live = held.get();
        for (Iterator<Map.Entry<Long, Socket>> it = sockets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Socket> e = it.next();
            if (e.getValue().fresh) e.getValue().fresh = false;
            else if (!live.contains(e.getKey())) {
                h.syscall(Sysno.CLOSE, e.getValue().peer);
                it.remove();
            }
        }
        pruneAt = Math.max(16, 2 * sockets.size());
    }
}
