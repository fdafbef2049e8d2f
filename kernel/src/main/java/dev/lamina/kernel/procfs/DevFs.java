package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostDirectory;
import dev.lamina.kernel.host.HostTree;
import dev.lamina.kernel.vfs.Node;
import dev.lamina.kernel.vfs.MountedFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The container's /dev: the host's harmless character devices, links into
 * /proc/self/fd, the container's own terminals in pts (see {@link Terminals}),
 * and a real directory for shm. */
public final class DevFs implements MountedFs {
    private static final Set<String> DEVICES = Set.of("null", "zero", "full", "random", "urandom", "tty", "ptmx");
    private static final Map<String, String> LINKS = Map.of(
            "fd", "/proc/self/fd", "stdin", "/proc/self/fd/0",
            "stdout", "/proc/self/fd/1", "stderr", "/proc/self/fd/2");

    private final HostTree state;
    private final Terminals terminals;

    public DevFs(HostTree state, Terminals terminals) {
        this.state = state;
        this.terminals = terminals;
    }

    // Made on first use, like /proc's directories; afresh at each start, as Docker mounts a new
    // tmpfs: what the container made there (names, sockets, POSIX shared memory) goes.
    private boolean built;

    private synchronized void build() {
        if (built) return;
        Path dir = state.top().resolve("dev");
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) delete(dir);
            Files.createDirectories(dir.resolve("pts"));
            Files.setAttribute(dir, "unix:mode", 0755); // not the engine's umask's
            Files.createDirectories(dir.resolve("shm"));
            Files.setAttribute(dir.resolve("shm"), "unix:mode", 01777);
            for (String d : DEVICES)
                if (!Files.exists(dir.resolve(d))) Files.createFile(dir.resolve(d));
            for (Map.Entry<String, String> e : LINKS.entrySet())
                if (!Files.exists(dir.resolve(e.getKey()), LinkOption.NOFOLLOW_LINKS))
                    Files.createSymbolicLink(dir.resolve(e.getKey()), Path.of(e.getValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built = true;
    }

    private long[] rootId;

    /** The host's device and inode numbers of /dev's directory, which the kernel lists (made first if need be). */
    public synchronized long[] rootId() {
        if (rootId == null) {
            build();
            try {
                Map<String, Object> id = Files.readAttributes(state.top().resolve("dev"), "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
                rootId = new long[] {(Long) id.get("dev"), (Long) id.get("ino")};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rootId;
    }

    /** Whether fd is the container's /dev directory. */
    public boolean isRoot(HostCalls h, int fd) {
        long[] id = rootId();
        MemorySegment st = h.scratch(Layouts.STAT_SIZE);
        return h.syscall(Sysno.FSTAT, fd, st.address()) == 0 && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_DEV) == id[0]
                && st.get(ValueLayout.JAVA_LONG, Layouts.STAT_INO) == id[1];
    }

    /**
     * A host listing of /dev ({@code n} bytes of getdents64's, or, old, getdents' records) with the devices it serves
     * as character devices, as Linux's devtmpfs lists them: they are plain files on the host.
     */
    public static void showDevices(MemorySegment listing, long n, boolean old) {
        // struct linux_dirent64: the type follows reclen; struct linux_dirent: the type in the record's last byte
        int nameAt = old ? HostDirectory.DIRENT_NAME : HostDirectory.DIRENT64_NAME;
        for (long at = 0; at < n; ) {
            int reclen = Short.toUnsignedInt(listing.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + HostDirectory.DIRENT64_RECLEN));
            if (reclen <= nameAt) break;
            if (DEVICES.contains(HostCalls.readCString(listing.asSlice(at + nameAt), reclen - nameAt)))
                listing.set(ValueLayout.JAVA_BYTE, old ? at + reclen - 1 : at + HostDirectory.DIRENT64_TYPE, (byte) (Flags.S_IFCHR >> 12));
            at += reclen;
        }
    }

    /** Removes a tree, its links as links (the walk follows none), and directories a guest closed to all opened first. */
    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                Files.setAttribute(d, "unix:mode", 0700);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    /** Each device /dev serves by its (major, minor) number (Linux's devices.txt). */
    private static final java.util.Map<Integer, String> CHAR_DEVICES = java.util.Map.of(
            Flags.makedev(1, 3), "null", Flags.makedev(1, 5), "zero", Flags.makedev(1, 7), "full",
            Flags.makedev(1, 8), "random", Flags.makedev(1, 9), "urandom", Flags.makedev(5, 0), "tty", Flags.makedev(5, 2), "ptmx");

    /**
     * The node a device node of the container's own opens as: a device /dev serves, or one of
     * the container's terminals; null for any other device (block devices are none of these).
     */
    public Node device(Task t, int type, int major, int minor) {
        if (type != Flags.S_IFCHR) return null;
        String name = CHAR_DEVICES.get(Flags.makedev(major, minor));
        if (name != null) return new Node.HostFile("/dev/" + name);
        if (major < Flags.PTY_FOLLOWER_MAJOR_FIRST || major > Flags.PTY_FOLLOWER_MAJOR_LAST) return null;
        int pty = (major - Flags.PTY_FOLLOWER_MAJOR_FIRST) * 256 + minor;
        return minor < 256 && terminals.mayOpen(t, pty) ? new Node.HostFile("/dev/pts/" + pty) : null;
    }

    @Override
    public Node lookup(Task t, String sub) {
        if (DEVICES.contains(sub)) return new Node.HostFile("/dev/" + sub);
        // devpts's own ptmx (Docker mounts pts with ptmxmode=0666): the host's /dev/ptmx, as /dev/ptmx is.
        if (sub.equals("pts/ptmx")) return new Node.HostFile(Terminals.PTMX);
        String link = LINKS.get(sub);
        if (link != null) return new Node.Link(link);
        if (sub.startsWith("pts/") && sub.length() > 4 && sub.length() < 12 && sub.substring(4).chars().allMatch(Character::isDigit)
                && terminals.mayOpen(t, Integer.parseInt(sub.substring(4))))
            return new Node.HostFile("/dev/" + sub);
        build();
        if (sub.equals("pts")) listTerminals(t);
        return new Node.InTree(state, sub.isEmpty() ? "dev" : "dev/" + sub);
    }

    /** Makes dev/pts list ptmx and the terminals {@code t} may open, as looking it up finds them. */
    private synchronized void listTerminals(Task t) {
        Path pts = state.top().resolve("dev/pts");
        Set<String> names = new java.util.HashSet<>(Set.of("ptmx"));
        for (int n : terminals.openable(t)) names.add(Integer.toString(n));
        try (java.util.stream.Stream<Path> listed = Files.list(pts)) {
            for (Path old : listed.toList())
                if (!names.remove(old.getFileName().toString())) Files.delete(old);
            for (String n : names) Files.createFile(pts.resolve(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
