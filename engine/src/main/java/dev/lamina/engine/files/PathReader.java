package dev.lamina.engine.files;

import dev.lamina.image.archive.TarWriter;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * `GET` and `HEAD /containers/{id}/archive`: one path of a container's root, located
 * as moby locates it (its directory resolved inside the root, the last name itself
 * unless the path ends in "/" or "/."), its stat, and a tar of it whose names start
 * with Docker's name for it. The tree is walked by descriptors: each directory is
 * opened relative to its parent without following a symlink, so a guest that swaps a
 * directory for a symlink while we walk cannot lead the walk out of its root. What is
 * mounted in the root (a volume, a bind, the kernel's /etc files) is archived from where
 * it is, as moby archives inside the container's mounts.
 */
final class PathReader implements AutoCloseable {
    /** What is mounted at a path of the root: {@code rel} in the tree at {@code root} ("" for its top). */
    record Mounted(Path root, String rel) {}

    /** Deeper trees are no file system a program made, only an attempt to exhaust the engine. */
    static final int MAX_DEPTH = 1024;

    private final RootFiles files;
    private final ContainerPath path;
    /** The target's directory, or the target itself when the path ends in "/" or "/.". */
    private final int dir;
    private final FileStat stat;
    private final Map<Long, Map<Long, String>> seen = new HashMap<>();
    /** By path in the root walked; the trees they are in, opened as the walk reaches them. */
    private final Map<String, Mounted> mounts;
    private final Map<Path, RootFiles> trees = new HashMap<>();

    private PathReader(RootFiles files, ContainerPath path, int dir, FileStat stat, Map<String, Mounted> mounts) {
        this.files = files;
        this.path = path;
        this.dir = dir;
        this.stat = stat;
        this.mounts = mounts;
    }

    /** The path located; a HostError with ENOENT when there is nothing there. */
    static PathReader open(RootFiles files, ContainerPath path) throws HostError {
        return open(files, path, Map.of());
    }

    /** The same in a root with {@code mounts} below the path, by their paths in it. */
    static PathReader open(RootFiles files, ContainerPath path, Map<String, Mounted> mounts) throws HostError {
        if (path.followLast()) {
            int dir = files.directory(path.rel());
            return new PathReader(files, path, dir, files.stat(dir), mounts);
        }
        int dir = files.directory(RootFiles.parent(path.rel()));
        try {
            FileStat st = files.lstat(dir, RootFiles.name(path.rel()));
            if (st == null) throw new HostError("/" + path.rel(), -Errno.ENOENT);
            return new PathReader(files, path, dir, st, mounts);
        } catch (HostError | RuntimeException e) {
            files.close(dir);
            throw e;
        }
    }

    PathStat stat() throws HostError {
        return PathStat.of(path.name(), stat, stat.symlink() ? linkTarget() : "");
    }

    /** A symlink's target resolved inside the root; lexically when it dangles, as moby does. */
    private String linkTarget() throws HostError {
        try {
            int fd = files.follow(path.rel());
            try {
                return "/" + files.pathOf(fd);
            } finally {
                files.close(fd);
            }
        } catch (HostError e) {
            if (e.errno() != Errno.ENOENT) throw e;
            String text = files.readlink(dir, RootFiles.name(path.rel()));
            String base = text.startsWith("/") ? text : "/" + RootFiles.join(files.pathOf(dir), text);
            return "/" + ContainerPath.parse(base).rel();
        }
    }

    /** Writes the tar; names start with Docker's name for the path (a directory's children follow it), "/" for the root's. */
    void write(OutputStream out) throws IOException {
        try (TarWriter tar = new TarWriter(out)) {
            if (path.followLast()) {
                String prefix = path.name().equals("/") ? "" : path.name();
                tree(tar, files, dir, prefix, path.rel(), stat, 0);
            } else {
                entry(tar, files, dir, RootFiles.name(path.rel()), path.name(), path.rel(), 0);
            }
        }
    }

    /** Writes the tar of the whole root as `docker export` gives it: names relative to it ("bin/sh"), no entry for the root. */
    void writeRoot(OutputStream out) throws IOException {
        try (TarWriter tar = new TarWriter(out)) {
            for (String child : files.list(dir)) entry(tar, files, dir, child, child, child, 0);
        }
    }

    /**
     * One name of directory {@code parent} of {@code files}' tree, {@code rel} in the root walked: what is mounted
     * there, or the name itself, opened without following it, then archived by what it is.
     */
    private void entry(TarWriter tar, RootFiles files, int parent, String name, String archived, String rel, int depth)
            throws IOException {
        Mounted m = mounts.get(rel);
        if (m != null && files == this.files) {
            RootFiles there = trees.computeIfAbsent(m.root(), RootFiles::new);
            int top = there.directory(m.rel().isEmpty() ? "" : RootFiles.parent(m.rel()));
            try {
                if (m.rel().isEmpty()) tree(tar, there, top, archived, rel, there.stat(top), depth + 1);
                else entry(tar, there, top, RootFiles.name(m.rel()), archived, rel, depth);
            } finally {
                there.close(top);
            }
            return;
        }
        FileStat st = files.lstat(parent, name);
        if (st == null) return; // gone since it was listed
        switch (st.type()) {
            case Flags.S_IFDIR -> {
                int fd = files.openOrNull(parent, name, RootFiles.DIRECTORY);
                if (fd < 0) return;
                try {
                    tree(tar, files, fd, archived, rel, files.stat(fd), depth + 1);
                } finally {
                    files.close(fd);
                }
            }
            case Flags.S_IFREG -> {
                int fd = files.openOrNull(parent, name, Flags.O_RDONLY | Flags.O_NOFOLLOW | Flags.O_NONBLOCK);
                if (fd < 0) return;
                try {
                    FileStat now = files.stat(fd);
                    if (now.regular()) file(tar, files, fd, archived, now);
                } finally {
                    files.close(fd);
                }
            }
            case Flags.S_IFLNK -> tar.entry(header(files, archived, TarEntry.Type.SYMLINK, st, -1, files.readlink(parent, name)), null);
            case Flags.S_IFCHR -> tar.entry(header(files, archived, TarEntry.Type.CHAR_DEVICE, st, -1, ""), null);
            case Flags.S_IFBLK -> tar.entry(header(files, archived, TarEntry.Type.BLOCK_DEVICE, st, -1, ""), null);
            case Flags.S_IFIFO -> tar.entry(header(files, archived, TarEntry.Type.FIFO, st, -1, ""), null);
            default -> { } // sockets: tar holds none
        }
    }

    private void tree(TarWriter tar, RootFiles files, int fd, String archived, String rel, FileStat st, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) throw new IOException("the tree is deeper than " + MAX_DEPTH + " directories");
        if (!archived.isEmpty()) tar.entry(header(files, archived, TarEntry.Type.DIRECTORY, st, fd, ""), null);
        for (String child : files.list(fd)) entry(tar, files, fd, child, archived + "/" + child, RootFiles.join(rel, child), depth);
    }

    /** A regular file, or a hard link to one archived before (moby's tar does the same by inode). */
    private void file(TarWriter tar, RootFiles files, int fd, String archived, FileStat st) throws IOException {
        if (st.nlink() > 1) {
            String first = seen.computeIfAbsent(st.dev(), d -> new HashMap<>()).putIfAbsent(st.ino(), archived);
            if (first != null) {
                tar.entry(header(files, archived, TarEntry.Type.HARDLINK, st, fd, first), null);
                return;
            }
        }
        tar.entry(header(files, archived, TarEntry.Type.FILE, st, fd, ""), new ExactLength(files, fd, st.size()));
    }

    /**
     * An entry's header with the owner the guest sees (Lamina's own user is root; without root, the owner attribute),
     * its mode with the file's type bits as moby's archives have them (040755 for a directory: fillGo18FileTypeBits).
     */
    private TarEntry header(RootFiles files, String name, TarEntry.Type type, FileStat st, int fd, String link) throws HostError {
        long[] owner = files.guestOwner(st, fd);
        return new TarEntry(name, type, st.type() | st.permissions(), owner[0], owner[1], type == TarEntry.Type.FILE ? st.size() : 0, link,
                st.mtime(), st.major(), st.minor(), Map.of());
    }

    @Override
    public void close() {
        files.close(dir);
        trees.values().forEach(RootFiles::close);
    }
}
