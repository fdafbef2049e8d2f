package dev.lamina.kernel.net;

import java.util.Set;
import java.util.function.Supplier;

/**
 * What the kernel knows of a container's AF_UNIX datagram sockets, by cookie: the peer each
 * is connected to (the guest's sockets are not connected on the host, since the kernel sends
 * for them) and whether the guest shut it for sending. Kept while the container holds the
 * socket ({@link SocketTable}).
 */
public final class DatagramPeers {
    /** The peer's name as sun_path holds it (a path made absolute, or NUL and an abstract name), or null. */
    public record Peer(byte[] name, boolean shut) {}

    private final SocketTable<Long, Peer> bySocket;

    /** {@code held}: the inodes of the sockets the container's processes hold. */
    public DatagramPeers(Supplier<Set<Long>> held) { this.bySocket = new SocketTable<>(held); }

    public Peer of(long socket) {
        Peer p = bySocket.get(socket);
        return p == null ? new Peer(null, false) : p;
    }

    /** Whether another socket's peer can be kept (else the call is refused: ENOBUFS). */
    public boolean hasRoom() { return bySocket.hasRoom(); }

    /** Records the peer (null: none) of the socket of this cookie and inode; false when there is no room for it. */
    public boolean connect(long socket, long inode, byte[] name) {
        Peer was = bySocket.get(socket);
        if (was == null && name == null) return true; // unconnected as it was: nothing to keep
        return bySocket.put(socket, inode, new Peer(name, was != null && was.shut()));
    }

    /** Records the socket as shut for sending; false when there is no room for it. */
    public boolean shut(long socket, long inode) { return bySocket.put(socket, inode, new Peer(of(socket).name(), true)); }
}
