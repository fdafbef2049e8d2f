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

    /** The least time between two walks of the container's descriptors (hasRoom). */
    static final long PRUNE_GAP_NANOS = 100_000_000;

    private final Map<K, Entry<V>> entries = new HashMap<>();
    private long lastPrune = System.nanoTime() - PRUNE_GAP_NANOS;
    /** How many entries the last walk left. */
    private int leftByPrune;
    /** The inodes of the sockets the container's processes hold. */
    private final Supplier<Set<Long>> held;

    SocketTable(Supplier<Set<Long>> held) { this.held = held; }

    synchronized V get(K key) {
        Entry<V> e = entries.get(key);
        return e == null ? null : e.value;
    }

    /**
     * Whether an entry can be added; drops those of sockets gone first when there is none. The
     * walk of the container's descriptors that says which are held is made outside the table's
     * lock (lookups go on meanwhile); when the last walk left the table half full or more, not
     * again within {@link #PRUNE_GAP_NANOS}: a guest holding it full and asking again and again
     * costs a walk that often, not each time, and one making and dropping sockets, a walk every
     * few thousand.
     */
    boolean hasRoom() {
        Set<K> walked;
        synchronized (this) {
            if (entries.size() < MAX) return true;
            long now = System.nanoTime();
            if (now - lastPrune < PRUNE_GAP_NANOS && leftByPrune >= MAX / 2) return false;
            lastPrune = now;
            walked = Set.copyOf(entries.keySet());
        }
        Set<Long> live = held.get();
        synchronized (this) {
            // Only entries there before the walk: a socket made during it is in none of the descriptors seen.
            entries.entrySet().removeIf(e -> walked.contains(e.getKey()) && !live.contains(e.getValue().inode));
            leftByPrune = entries.size();
            return entries.size() < MAX;
        }
    }

    /** Keeps value for key, the entry of the socket of this inode; a new key only when there is room. */
    boolean put(K key, long inode, V value) {
        synchronized (this) {
            if (entries.containsKey(key) || entries.size() < MAX) {
                entries.put(key, new Entry<>(inode, value));
                return true;
            }
        }
        if (!hasRoom()) return false;
        synchronized (this) {
            entries.put(key, new Entry<>(inode, value));
            return true;
        }
    }

    synchronized int size() { return entries.size(); }
}
