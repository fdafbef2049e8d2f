package dev.lamina.kernel.net;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Netlink;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which guest process each AF_UNIX connection the kernel made is for. Linux
 * records a connection's peer credentials from the process that connects:
 * for the kernel's connections (PlaceholderSockets), this JVM. A server's
 * SO_PEERCRED then names the guest by its socket's peer: the client end the
 * kernel connected, found through sock_diag (UNIX_DIAG_PEER).
 */
public final class UnixConnections {
    private static final int KEPT = 4096;
    /** Who a connection the kernel made is for: the guest process and its effective ids at the connect, which
     * Linux keeps for the peer's SO_PEERCRED however the process changes or ends afterwards. */
    public record Peer(int pid, int uid, int gid) {}

    private final Map<Long, Peer> byClientInode = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Peer> e) { return size() > KEPT; }
    });

    /** The kernel connects fd (its client end) for peer. */
    public void connected(HostCalls h, int fd, Peer peer) {
        long inode = inode(h, fd);
        if (inode > 0) byClientInode.put(inode, peer);
    }

    /** Who the kernel connected socket's peer for, or null: not a connection of the kernel's, or forgotten. */
    public Peer peerOf(HostCalls h, int socket) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        if (h.syscall(Sysno.FSTAT, socket, st.address()) < 0
                || (st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE) & Flags.S_IFMT) != Flags.S_IFSOCK) return null;
        long inode = st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO);
        long peer = inode > 0 ? peerInode(h, inode) : 0;
        return peer > 0 ? byClientInode.get(peer) : null;
    }

    /** The inode number of the file at fd, or -1. */
    public static long inode(HostCalls h, int fd) {
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        return h.syscall(Sysno.FSTAT, fd, st.address()) < 0 ? -1 : st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO);
    }

    /** sock_diag's answer for one unix socket by inode: its peer's inode, or 0. */
    static long peerInode(HostCalls h, long inode) {
        long nl = h.syscall(Sysno.SOCKET, Flags.AF_NETLINK, Flags.SOCK_DGRAM | Flags.SOCK_CLOEXEC, Netlink.NETLINK_SOCK_DIAG);
        if (nl < 0) return 0;
        try {
            MemorySegment req = h.scratch(Netlink.NLMSGHDR_SIZE + Netlink.UNIX_DIAG_REQ_SIZE);
            req.set(ValueLayout.JAVA_INT, 0, Netlink.NLMSGHDR_SIZE + Netlink.UNIX_DIAG_REQ_SIZE);
            req.set(ValueLayout.JAVA_SHORT, Netlink.NLMSGHDR_TYPE, (short) Netlink.SOCK_DIAG_BY_FAMILY);
            req.set(ValueLayout.JAVA_SHORT, Netlink.NLMSGHDR_FLAGS, (short) Netlink.NLM_F_REQUEST);
            int at = Netlink.NLMSGHDR_SIZE;
            req.set(ValueLayout.JAVA_BYTE, at, (byte) Flags.AF_UNIX);
            req.set(ValueLayout.JAVA_INT, at + Netlink.UNIX_DIAG_REQ_STATES, -1); // every state
            req.set(ValueLayout.JAVA_INT, at + Netlink.UNIX_DIAG_REQ_INO, (int) inode);
            req.set(ValueLayout.JAVA_INT, at + Netlink.UNIX_DIAG_REQ_SHOW, Netlink.UDIAG_SHOW_PEER);
            req.set(ValueLayout.JAVA_INT, at + Netlink.UNIX_DIAG_REQ_COOKIE, -1); // no cookie
            req.set(ValueLayout.JAVA_INT, at + Netlink.UNIX_DIAG_REQ_COOKIE + 4, -1);
            if (h.syscall(Sysno.SENDTO, nl, req.address(), req.byteSize(), 0, 0, 0) < 0) return 0;
            MemorySegment ans = h.scratch(512);
            long n = h.syscall(Sysno.RECVFROM, nl, ans.address(), ans.byteSize(), 0, 0, 0);
            if (n < Netlink.NLMSGHDR_SIZE + Netlink.UNIX_DIAG_MSG_SIZE
                    || ans.get(ValueLayout.JAVA_SHORT, Netlink.NLMSGHDR_TYPE) != Netlink.SOCK_DIAG_BY_FAMILY) return 0;
            long end = Math.min(n, Integer.toUnsignedLong(ans.get(ValueLayout.JAVA_INT, 0)));
            for (long a = Netlink.NLMSGHDR_SIZE + Netlink.UNIX_DIAG_MSG_SIZE; a + 4 <= end; ) {
                int len = Short.toUnsignedInt(ans.get(ValueLayout.JAVA_SHORT, a));
                int type = Short.toUnsignedInt(ans.get(ValueLayout.JAVA_SHORT, a + 2));
                if (len < 4 || a + len > end) return 0;
                if (type == Netlink.UNIX_DIAG_PEER && len >= 8) return Integer.toUnsignedLong(ans.get(ValueLayout.JAVA_INT, a + 4));
                a += (len + Netlink.NLMSG_ALIGNTO - 1) & -Netlink.NLMSG_ALIGNTO;
            }
            return 0;
        } finally {
            h.syscall(Sysno.CLOSE, nl);
        }
    }
}
