package dev.lamina.kernel.net;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the kernel keeps about a container's sockets, by key (a cookie, an inode, a name the
 * host shows), each entry with the inode of the socket it is for. At most {@link #MAX}: when
 * full, the entries of sockets no process of the container holds any more are dropped, and
 * past that {@link #hasRoom} says no, so that the calls that add entries are refused (ENOBUFS).
 * No socket's entry is ever pushed out by another's: with the latest few thousand kept, a
 * guest of another user that made and dropped sockets in a loop made a root socket forget
 * its peer (ENOTCONN) or its name.
 */
final class SocketTable<K, V> {
    static final int MAX = 4096;

    private record Entry<V>(long inode, V value) {}

    private final Map<K, Entry<V>> entries = new HashMap<>();
    /** The inodes of the sockets the container's processes hold. */
    private final Supplier<Set<Long>> held;

    SocketTable(Supplier<Set<Long>> held) { this.held = held; }

    synchronized V get(K key) {
        Entry<V> e = entries.get(key);
        return e == null ? null : e.value;
    }

    /** Whether an entry can be added; drops those of sockets gone first when there is none. */
    synchronized boolean hasRoom() {
        if (entries.size() < MAX) return true;
        Set<Long> live = held.get();
        entries.values().removeIf(e -> !live.contains(e.inode));
        return entries.size() < MAX;
    }

    /** Keeps value for key, the entry of the socket of this inode; a new key only when there is room. */
    synchronized boolean put(K key, long inode, V value) {
        if (!entries.containsKey(key) && !hasRoom()) return false;
        entries.put(key, new Entry<>(inode, value));
        return true;
    }

    synchronized int size() { return entries.size(); }
}
