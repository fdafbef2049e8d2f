package dev.lamina.container;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostDirectory;
import dev.lamina.rootfs.SharedInodes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What tells a container root nothing changed from one something changed: the identity and
 * change time (ctime) of each of its directories and of each file that is its own (not a link
 * to the image's, which the kernel copies before any change). Adding, removing or renaming a
 * name changes its directory's ctime; a change of a file's data, mode, owner, attributes or
 * link count changes the file's; and no call sets a ctime. So a root whose every recorded
 * entry has the same inode and ctime holds what it held when sealed.
 * <p>
 * A ctime is the file system's clock, which may tick only every few milliseconds: a change
 * made in the tick the root was made in could leave a ctime as it was. So a seal is taken only
 * once that clock (CLOCK_REALTIME_COARSE, the one inode times are read from) has passed every
 * ctime recorded: any later change has a later ctime.
 */
public final class RootSeal {
    /** How long a seal waits for the file system's clock to pass the root's times. */
    private static final long WAIT_NANOS = 100_000_000;
    private static final int DIRECTORY = Flags.O_RDONLY | Flags.O_DIRECTORY | Flags.O_NOFOLLOW | Flags.O_CLOEXEC;

    /** Paths relative to the root ("" for itself), and what each held. */
    private final String[] paths;
    private final long[] inodes, ctimes;
    private final long dev;

    private RootSeal(String[] paths, long[] inodes, long[] ctimes, long dev) {
        this.paths = paths;
        this.inodes = inodes;
        this.ctimes = ctimes;
        this.dev = dev;
    }

    /**
     * Seals {@code rootfs}, whose files linked to the image's are {@code shared}; none when it
     * cannot be read whole or the file system's clock does not pass its times in 100 ms (a
     * clock set back): such a root cannot be told unchanged.
     */
    public static RootSeal of(Path rootfs, SharedInodes shared) {
        try (Walk w = new Walk(rootfs)) {
            w.record("", w.root);
            w.directory(w.root, "", shared);
            RootSeal seal = new RootSeal(w.paths.toArray(String[]::new), w.inodes.stream().mapToLong(Long::longValue).toArray(),
                    w.ctimes.stream().mapToLong(Long::longValue).toArray(), w.dev);
            for (long deadline = System.nanoTime() + WAIT_NANOS; coarseNow(w.h) <= seal.latest(); ) {
                if (System.nanoTime() > deadline) return null;
                Thread.sleep(1);
            }
            return seal;
        } catch (LinuxError e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether {@code rootfs} holds what it held when sealed: every entry recorded the same inode, unchanged. */
    public boolean holds(Path rootfs) {
        try (Walk w = new Walk(rootfs)) {
            for (int i = 0; i < paths.length; i++) {
                w.stat(w.root, paths[i]);
                if (w.statDev() != dev || w.statIno() != inodes[i] || w.statCtime() != ctimes[i]) return false;
                w.h.release();
            }
            return true;
        } catch (LinuxError e) {
            return false;
        }
    }

    /** How many entries it records (directories and the root's own files). */
    public int size() { return paths.length; }

    /** The latest ctime recorded, in nanoseconds. */
    long latest() {
        long latest = 0;
        for (long c : ctimes) latest = Math.max(latest, c);
        return latest;
    }

    /** The file system's clock now, in nanoseconds. */
    static long coarseNow(HostCalls h) {
        MemorySegment ts = h.scratch(16);
        LinuxError.check(h.syscall(Sysno.CLOCK_GETTIME, Flags.CLOCK_REALTIME_COARSE, ts.address()));
        long now = ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
        h.release();
        return now;
    }

    /** One reading of a root, through directory descriptors from its top (never following a symlink). */
    private static final class Walk implements AutoCloseable {
        final HostCalls h = new HostCalls();
        final Arena arena = Arena.ofConfined();
        final MemorySegment entries = arena.allocate(32 * 1024, 8);
        final MemorySegment st = arena.allocate(Layouts.STAT_SIZE, 8);
        final List<String> paths = new ArrayList<>();
        final List<Long> inodes = new ArrayList<>(), ctimes = new ArrayList<>();
        final int root;
        long dev;

        Walk(Path rootfs) {
            int fd = -1;
            try {
                fd = (int) LinuxError.check(h.syscall(Sysno.OPENAT, Flags.AT_FDCWD, h.cstring(rootfs.toString()).address(), DIRECTORY));
            } finally {
                if (fd < 0) close();
            }
            root = fd;
        }

        void directory(int fd, String rel, SharedInodes shared) {
            for (HostDirectory.Entry e : HostDirectory.entries(h, fd, entries)) {
                if (e.dots()) continue;
                if (e.format() == Flags.S_IFDIR || e.format() == 0 || !shared.contains(dev, e.ino())) {
                    record(rel + e.name(), fd, e.name());
                    if ((statMode() & Flags.S_IFMT) == Flags.S_IFDIR) {
                        int sub = (int) LinuxError.check(h.syscall(Sysno.OPENAT, fd, h.cstring(e.name()).address(), DIRECTORY));
                        try {
                            directory(sub, rel + e.name() + "/", shared);
                        } finally {
                            h.syscall(Sysno.CLOSE, sub);
                        }
                    }
                }
                h.release();
            }
        }

        void record(String path, int fd) {
            stat(fd, "");
            dev = statDev();
            add(path);
        }

        void record(String path, int dir, String name) {
            stat(dir, name);
            add(path);
        }

        private void add(String path) {
            paths.add(path);
            inodes.add(statIno());
            ctimes.add(statCtime());
        }

        void stat(int dir, String name) {
            LinuxError.check(h.syscall(Sysno.NEWFSTATAT, dir, h.cstring(name).address(), st.address(),
                    Flags.AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? Flags.AT_EMPTY_PATH : 0)));
        }

        long statDev() { return st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV); }

        long statIno() { return st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO); }

        int statMode() { return st.get(ValueLayout.JAVA_INT, Layouts.STAT_MODE); }

        long statCtime() {
            return st.get(ValueLayout.JAVA_LONG, Layouts.STAT_CTIME) * 1_000_000_000L + st.get(ValueLayout.JAVA_LONG, Layouts.STAT_CTIME + 8);
        }

        @Override
        public void close() {
            if (root > 0) h.syscall(Sysno.CLOSE, root);
            h.close();
            arena.close();
        }
    }
}
