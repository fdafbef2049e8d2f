package dev.lamina.kernel.net;

import dev.lamina.kernel.host.HostCalls;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names the container's AF_UNIX sockets were bound at, as the guest gave them. The kernel
 * binds a socket at a path through a directory it holds (/proc/self/fd/N/NAME), which is the
 * name the host then shows for it (getsockname, getpeername, accept); the guest is shown the
 * name it bound, as Linux shows it. Found by the socket's inode, and for a socket accepted from
 * a listener (which shares the listener's name) by the host's name: the latest socket bound
 * with that host name, which two sockets share only when bound through the same descriptor
 * number with the same last name. The latest few thousand are kept.
 */
public final class UnixNames {
    private static final int KEPT = 4096;

    private final Map<Long, byte[]> byInode = lru();
    private final Map<String, byte[]> byHostName = lru();
    /** Datagram sockets' names by cookie (DatagramSockets): what a datagram's sender is shown as. */
    private final Map<Long, byte[]> bySocket = lru();

    private static <K> Map<K, byte[]> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, byte[]> e) { return size() > KEPT; }
        });
    }

    /** The kernel bound socket at hostName for the guest's name. */
    public void bound(HostCalls h, int socket, byte[] hostName, byte[] name) {
        long inode = UnixConnections.inode(h, socket);
        if (inode > 0) byInode.put(inode, name);
        long cookie = GuestSocket.cookie(h, socket);
        if (cookie > 0) bySocket.put(cookie, name);
        byHostName.put(new String(hostName, java.nio.charset.StandardCharsets.ISO_8859_1), name);
    }

    /** The guest's name for the socket of this cookie, or null. */
    public byte[] ofSocket(long cookie) { return bySocket.get(cookie); }

    /** The guest's socket of this cookie was bound (at an abstract name) where the host shows what the guest gave. */
    public void namedSocket(long cookie, byte[] name) { bySocket.put(cookie, name); }

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
        return name != null ? name : byHostName.get(new String(hostName, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
