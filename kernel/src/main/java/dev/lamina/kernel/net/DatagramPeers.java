package dev.lamina.kernel.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the kernel knows of a container's AF_UNIX datagram sockets, by cookie: the peer each
 * is connected to (the guest's sockets are not connected on the host, since the kernel sends
 * for them) and whether the guest shut it for sending. The latest few thousand are kept: a
 * socket's entry outlives it, and an old one dropped forgets its peer (ENOTCONN).
 */
public final class DatagramPeers {
    /** The peer's name as sun_path holds it (a path made absolute, or NUL and an abstract name), or null. */
    public record Peer(byte[] name, boolean shut) {}

    private static final int KEPT = 4096;

    private final Map<Long, Peer> bySocket = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Peer> e) { return size() > KEPT; }
    });

    public Peer of(long socket) {
        Peer p = bySocket.get(socket);
        return p == null ? new Peer(null, false) : p;
    }

    public void connect(long socket, byte[] name) { bySocket.put(socket, new Peer(name, of(socket).shut())); }

    public void shut(long socket) { bySocket.put(socket, new Peer(of(socket).name(), true)); }
}
