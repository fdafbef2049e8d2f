package dev.lamina.kernel.net;

import dev.lamina.kernel.host.HostCalls;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The names the container's AF_UNIX sockets were bound at, as the guest gave them. The kernel
 * binds a socket at a path through a directory it holds (/proc/self/fd/N/NAME), which is the
 * name the host then shows for it (getsockname, getpeername, accept); the guest is shown the
 * name it bound, as Linux shows it. Found by the socket's inode, and for a socket accepted from
 * a listener (which shares the listener's name) by the host's name: the latest socket bound
 * with that host name, which two sockets share only when bound through the same descriptor
 * number with the same last name. Kept while the container holds the socket ({@link SocketTable}).
 */
public final class UnixNames {
    private final SocketTable<Long, byte[]> byInode;
    private final SocketTable<String, byte[]> byHostName;
    /** Datagram sockets' names by cookie (DatagramSockets): what a datagram's sender is shown as. */
    private final SocketTable<Long, byte[]> bySocket;

    /** {@code held}: the inodes of the sockets the container's processes hold. */
    public UnixNames(Supplier<Set<Long>> held) {
        byInode = new SocketTable<>(held);
        byHostName = new SocketTable<>(held);
        bySocket = new SocketTable<>(held);
    }

    /** Whether a socket's names can be kept (else its bind is refused: ENOBUFS). */
    public boolean hasRoom() { return byInode.hasRoom() && byHostName.hasRoom() && bySocket.hasRoom(); }

    /** The kernel bound socket at hostName for the guest's name. */
    public void bound(HostCalls h, int socket, byte[] hostName, byte[] name) {
        long inode = UnixConnections.inode(h, socket);
        if (inode > 0) byInode.put(inode, inode, name);
        long cookie = GuestSocket.cookie(h, socket);
        if (cookie > 0) bySocket.put(cookie, inode, name);
        byHostName.put(new String(hostName, StandardCharsets.ISO_8859_1), inode, name);
    }

    /** The name the guest bound the socket of this inode at (by path, or an abstract one kept by inode), or null. */
    public byte[] ofInode(long inode) { return byInode.get(inode); }

    /** The guest's name for the socket of this cookie, or null. */
    public byte[] ofSocket(long cookie) { return bySocket.get(cookie); }

    /** The guest's socket of this cookie (and inode) was bound (at an abstract name) where the host shows what the
     * guest gave; not kept when there is no room (the host's name then says it again). */
    public void namedSocket(long cookie, long inode, byte[] name) { bySocket.put(cookie, inode, name); }

    /** The guest's name for the socket of this inode, which the host shows as hostName (an accepted
     * socket shows its listener's), or null. */
    public byte[] boundAt(long inode, String hostName) {
        byte[] name = byInode.get(inode);
        return name != null ? name : byHostName.get(hostName);
    }

    /** The guest's name for socket's own name (or its peer's) that the host shows as hostName, or null. */
    public byte[] shown(HostCalls h, int socket, boolean peer, byte[] hostName) {
        long inode = UnixConnections.inode(h, socket);
        if (peer && inode > 0) inode = UnixConnections.peerInode(h, inode);
        byte[] name = inode > 0 ? byInode.get(inode) : null;
        return name != null ? name : byHostName.get(new String(hostName, StandardCharsets.ISO_8859_1));
    }
}
