package dev.lamina.kernel.host;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One kernel thread's open O_PATH descriptors for recently used directories
 * of host trees, so a lookup costs one fstatat instead of an open, a stat
 * and a close. Each descriptor was opened inside its tree; a rename or
 * removal anywhere in a tree (its generation) empties that tree's entries.
 * Not shared between threads, so no descriptor is closed while in use.
 */
final class DirCache {
    private static final int MAX = 64;

    private record Key(HostTree tree, String rel) {}

    private final HostCalls host;
    private final Map<HostTree, Long> generations = new java.util.HashMap<>();
    private final LinkedHashMap<Key, Integer> fds = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
            if (size() <= MAX) return false;
            host.syscall(Sysno.CLOSE, eldest.getValue());
            return true;
        }
    };

    DirCache(HostCalls host) {
        this.host = host;
    }

    /** A descriptor for directory rel of tree, or a negative errno. */
    long fd(HostTree tree, String rel) {
        long generation = tree.generation();
        Long seen = generations.put(tree, generation);
        if (seen != null && seen != generation) forget(tree);
        Key key = new Key(tree, rel);
        Integer fd = fds.get(key);
        if (fd != null) return fd;
        long r = tree.open(host, rel, Flags.O_PATH | Flags.O_DIRECTORY | Flags.O_CLOEXEC, 0);
        if (r >= 0) fds.put(key, (int) r);
        return r;
    }

    /** Whether rel is a directory this thread holds open (and so no lookup needs to stat it). */
    boolean holds(HostTree tree, String rel) {
        Long seen = generations.get(tree);
        return seen != null && seen == tree.generation() && fds.containsKey(new Key(tree, rel));
    }

    void clear() {
        for (int fd : fds.values()) host.syscall(Sysno.CLOSE, fd);
        fds.clear();
    }

    private void forget(HostTree tree) {
        fds.entrySet().removeIf(e -> {
            if (e.getKey().tree() != tree) return false;
            host.syscall(Sysno.CLOSE, e.getValue());
            return true;
        });
    }
}
