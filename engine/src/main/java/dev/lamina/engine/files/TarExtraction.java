package dev.lamina.engine.files;

import dev.lamina.container.ContainerUser;
import dev.lamina.engine.http.ApiException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.image.layer.TarFormatException;
import dev.lamina.image.layer.TarReader;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * `PUT /containers/{id}/archive`: a tar extracted into a directory of a container's
 * root, as moby's Unpack does it (missing parents made, a directory over a directory
 * merged, anything else replaced, directory times set last), but through descriptors
 * only, and never writing into a file that exists: the root's files may be hard links
 * into the image store, so a new file is written under a temporary name beside its
 * place and renamed over the old one. Entries are resolved inside the root, symlinks
 * the guest planted included, and refused when their names are absolute or hold "..",
 * when they are device nodes (a device node in the root is the host's device, which
 * the guest's programs would open through the kernel), and when a hard link names
 * anything but a file this archive made. The image puller's limits bound the archive.
 */
final class TarExtraction {
    /**
     * What the request asked: moby's noOverwriteDirNonDir, and with copyUIDGID the container's user (else null);
     * with {@code archiveOwners} (`docker cp` in, a build's ADD of an archive) each entry gets the owner the
     * archive gives it.
     */
    record Options(boolean noOverwriteDirNonDir, ContainerUser owner, boolean archiveOwners) {}

    private final RootFiles files;
    private final String destination;
    private final Options options;
    private final Limits limits;
    /** Mount points of host files bound alone, by path in the root: a file there is the host's, never replaced. */
    private final Set<String> mountPoints;
    /** Files this archive made, by archive name: the only targets a hard link may have. */
    private final Set<String> made = new HashSet<>();
    private final List<Directory> directories = new ArrayList<>();
    private final byte[] buffer = new byte[RootFiles.CHUNK];
    private long entries;

    private record Directory(String rel, long mtime) {}

    /** The temporary names this extraction made. */
    private final List<String> temporaries = new ArrayList<>();

    private TarExtraction(RootFiles files, String destination, Options options, Limits limits, Set<String> mountPoints) {
        this.files = files;
        this.destination = destination;
        this.options = options;
        this.limits = limits;
        this.mountPoints = mountPoints;
    }

    /**
     * Extracts {@code tar} (uncompressed) into {@code destination}, a directory of the
     * root, its last symlink followed inside the root as moby does. An entry over one of
     * {@code mountPoints} is refused, as a mount point is busy in Docker's.
     */
    static void extract(RootFiles files, ContainerPath destination, InputStream tar, Options options, Limits limits,
                        Set<String> mountPoints) throws IOException {
        int dir;
        try {
            dir = files.directory(destination.rel());
        } catch (HostError e) {
            if (e.errno() == Errno.ENOTDIR) throw ApiException.badRequest("extraction point is not a directory");
            throw e;
        }
        files.close(dir);
        TarExtraction x = new TarExtraction(files, destination.rel(), options, limits, mountPoints);
        try {
            x.run(new TarReader(tar));
        } finally {
            RootFiles.settled(x.temporaries);
        }
    }

    /** A fresh name to make an entry under, in flight until the extraction ends (`docker diff` leaves it out meanwhile). */
    private String temporary() {
        String name = RootFiles.temporaryName();
        temporaries.add(name);
        return name;
    }

    private void run(TarReader tar) throws IOException {
        for (TarEntry e; (e = tar.next()) != null; ) {
            if (++entries > limits.maxEntries())
                throw new TarFormatException("more than " + limits.maxEntries() + " entries (LAMINA_LAYER_MAX_ENTRIES)");
            apply(e, tar);
        }
        for (Directory d : directories.reversed()) {
            int parent = files.directory(RootFiles.parent(d.rel()));
            try {
                int fd = files.open(parent, RootFiles.name(d.rel()), RootFiles.DIRECTORY, 0);
                try {
                    files.times(fd, d.mtime());
                } finally {
                    files.close(fd);
                }
            } finally {
                files.close(parent);
            }
        }
    }

    /** An archive name made relative and plain; absolute names and ".." are refused, never cleaned away. */
    static String clean(String name) {
        if (name.startsWith("/")) throw new TarFormatException("archive entry '" + name + "' has an absolute name");
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.equals("..")) throw new TarFormatException("archive entry '" + name + "' leads out of the destination (..)");
            if (!p.isEmpty() && !p.equals(".")) parts.add(p);
        }
        return String.join("/", parts);
    }

    private void apply(TarEntry e, TarReader tar) throws IOException {
        String name = clean(e.name());
        boolean dir = e.type() == TarEntry.Type.DIRECTORY;
        if (e.type() == TarEntry.Type.CHAR_DEVICE || e.type() == TarEntry.Type.BLOCK_DEVICE)
            throw new TarFormatException("archive entry '" + e.name() + "' is a device node: Lamina makes none in a"
                    + " container, whose programs would reach the host's device through it");
        if (name.isEmpty()) {
            if (!dir) throw new TarFormatException("archive entry '" + e.name() + "' names the destination but is no directory");
            return; // the destination itself, which exists: moby leaves it as it is
        }
        String rel = RootFiles.join(destination, name);
        if (mountPoints.contains(rel))
            throw ApiException.badRequest("cannot replace /" + rel + ": a file is mounted there (device or resource busy)");
        int parent = parentOf(rel);
        try {
            String base = RootFiles.name(rel);
            FileStat old = files.lstat(parent, base);
            if (old != null && options.noOverwriteDirNonDir() && old.directory() != dir)
                throw ApiException.badRequest(old.directory()
                        ? "cannot overwrite directory \"/" + rel + "\" with non-directory \"/" + destination + "\""
                        : "cannot overwrite non-directory \"/" + rel + "\" with directory \"/" + destination + "\"");
            if (old != null && old.directory() && !dir) removeTree(parent, base, 0);
            else if (old != null && !old.directory() && dir) files.unlink(parent, base, false);
            switch (e.type()) {
                case DIRECTORY -> directory(parent, base, old != null && old.directory(), e, rel);
                case FILE -> file(parent, base, e, tar.content());
                case SYMLINK -> symlink(parent, base, e);
                case HARDLINK -> hardLink(parent, base, e);
                case FIFO -> fifo(parent, base, e);
                case CHAR_DEVICE, BLOCK_DEVICE -> throw new IllegalStateException("refused above");
            }
            if (e.type() == TarEntry.Type.FILE || e.type() == TarEntry.Type.SYMLINK) made.add(name);
        } finally {
            files.close(parent);
        }
    }

    /** The directory {@code rel} goes in, made (mode 0755, as moby) with any missing parents. */
    private int parentOf(String rel) throws HostError {
        String parent = RootFiles.parent(rel);
        try {
            return files.directory(parent);
        } catch (HostError e) {
            if (e.errno() != Errno.ENOENT || parent.isEmpty()) throw e;
        }
        int above = parentOf(parent);
        try {
            files.mkdir(above, RootFiles.name(parent), 0755);
        } catch (HostError e) {
            if (e.errno() != Errno.EEXIST) throw e;
        } finally {
            files.close(above);
        }
        return files.directory(parent);
    }

    private void directory(int parent, String name, boolean exists, TarEntry e, String rel) throws HostError {
        if (!exists) files.mkdir(parent, name, 0700);
        int fd = files.open(parent, name, RootFiles.DIRECTORY, 0);
        try {
            FileStat st = files.stat(fd);
            owner(fd, st, e);
            files.chmod(fd, e.permissions());
        } finally {
            files.close(fd);
        }
        directories.add(new Directory(rel, e.mtime()));
    }

    private void file(int parent, String name, TarEntry e, InputStream content) throws IOException {
        String temp = temporary();
        int fd = files.open(parent, temp, Flags.O_WRONLY | Flags.O_CREAT | Flags.O_EXCL | Flags.O_NOFOLLOW, 0600);
        try {
            for (int n; (n = content.read(buffer)) > 0; ) files.write(fd, buffer, n);
            owner(fd, files.stat(fd), e);
            files.chmod(fd, e.permissions()); // after chown, which clears set-id bits
            files.times(fd, e.mtime());
        } catch (IOException | RuntimeException x) {
            files.close(fd);
            fd = -1;
            discard(parent, temp);
            throw x;
        } finally {
            files.close(fd);
        }
        replace(parent, temp, name);
    }

    private void symlink(int parent, String name, TarEntry e) throws HostError {
        if (e.linkName().isEmpty()) throw new TarFormatException("symlink '" + e.name() + "' has no target");
        String temp = temporary();
        files.symlink(e.linkName(), parent, temp);
        try {
            if ((options.owner() != null || options.archiveOwners()) && files.hostRoot()) {
                int fd = files.open(parent, temp, Flags.O_PATH | Flags.O_NOFOLLOW, 0);
                try {
                    FileStat st = files.stat(fd);
                    if (st.symlink()) owner(fd, st, e);
                } finally {
                    files.close(fd);
                }
            }
            files.linkTimes(parent, temp, e.mtime()); // the link's own, as Docker's cp keeps it
        } catch (HostError x) {
            discard(parent, temp);
            throw x;
        }
        replace(parent, temp, name);
    }

    private void hardLink(int parent, String name, TarEntry e) throws HostError {
        String target = clean(e.linkName());
        if (!made.contains(target))
            throw new TarFormatException("hard link '" + e.name() + "' points to '" + e.linkName()
                    + "', which is not a file made earlier by this archive");
        String rel = RootFiles.join(destination, target);
        int from = files.directory(RootFiles.parent(rel));
        String temp = temporary();
        try {
            files.link(from, RootFiles.name(rel), parent, temp);
        } finally {
            files.close(from);
        }
        replace(parent, temp, name);
        made.add(clean(e.name()));
    }

    private void fifo(int parent, String name, TarEntry e) throws HostError {
        String temp = temporary();
        files.mkfifo(parent, temp);
        try {
            // Opened for reading without waiting for a writer, and checked: the guest may have swapped the name.
            int fd = files.open(parent, temp, Flags.O_RDONLY | Flags.O_NONBLOCK | Flags.O_NOFOLLOW, 0);
            try {
                FileStat st = files.stat(fd);
                if (st.type() != Flags.S_IFIFO) throw new HostError("create fifo " + name, -Errno.EEXIST);
                owner(fd, st, e);
                files.chmod(fd, e.permissions());
                files.times(fd, e.mtime());
            } finally {
                files.close(fd);
            }
        } catch (HostError x) {
            discard(parent, temp);
            throw x;
        }
        replace(parent, temp, name);
    }

    private void owner(int fd, FileStat st, TarEntry e) throws HostError {
        ContainerUser o = options.owner();
        if (o != null) files.giveOwner(fd, st, o.uid(), o.gid());
        else if (options.archiveOwners()) files.giveOwner(fd, st, e.uid(), e.gid());
    }

    private void replace(int parent, String temp, String name) throws HostError {
        try {
            files.rename(parent, temp, name);
        } catch (HostError x) {
            discard(parent, temp);
            throw x;
        }
    }

    private void discard(int parent, String temp) {
        try {
            files.unlink(parent, temp, false);
        } catch (HostError ignored) {
            // already gone
        }
    }

    /** Removes a directory and everything in it, each name by descriptor and never through a symlink. */
    private void removeTree(int parent, String name, int depth) throws HostError {
        if (depth > PathReader.MAX_DEPTH) throw new HostError("remove /" + name, -Errno.ELOOP);
        int fd = files.open(parent, name, RootFiles.DIRECTORY, 0);
        try {
            for (String child : files.list(fd)) {
                FileStat st = files.lstat(fd, child);
                if (st == null) continue;
                if (st.directory()) removeTree(fd, child, depth + 1);
                else files.unlink(fd, child, false);
            }
        } finally {
            files.close(fd);
        }
        files.unlink(parent, name, true);
    }
}
