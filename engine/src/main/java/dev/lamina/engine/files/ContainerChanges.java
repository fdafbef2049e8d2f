package dev.lamina.engine.files;

import dev.lamina.container.ContainerRoot;
import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.host.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container's changes against its image, as `docker diff` lists them and a layer
 * records them: both roots are walked side by side, by descriptors (a guest swapping
 * a directory for a symlink meanwhile cannot lead the walk out of its root). A file
 * the container still shares with the image (the same inode: the kernel copies a file
 * up before any change) is unchanged at the cost of one lstat; any other entry present
 * in both is compared as Docker's diff compares them ({@link GuestFile#differsFrom}).
 * A directory holding a change is listed as modified, as Docker lists it; a deleted
 * directory is one deletion; an added one lists all it holds. Left out, as Docker
 * leaves them out: /etc/hosts, /etc/hostname, /etc/resolv.conf (the kernel's own
 * files bound over the image's), /.dockerenv, an /etc/mtab the image lacks (Docker's
 * init layer's, as they are: {@link ContainerRoot}), what is mounted (volumes, binds,
 * tmpfs mounts), and the kernel's and the engine's temporary names. A mount point the run
 * made where the image has none is added, as it is (an empty directory, or an empty file
 * for a file bound alone), as Docker's rw layer holds it. A running container is read as it
 * is (Lamina cannot pause one).
 */
public final class ContainerChanges {
    /** The files the kernel serves over the image's, as Docker binds its own over them. */
    static final Set<String> KERNEL_FILES = ContainerRoot.KERNEL_FILES.stream().map(f -> "etc/" + f)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final RootFiles container;

    /** The kernel's copy-up temporaries (SharedFiles) and `docker cp`'s (RootFiles) being made now; a guest's names
     * shaped like them are its own files. */
    private static boolean temporary(String name) { return SharedFiles.inFlight(name) || RootFiles.inFlight(name); }

    private final RootFiles image;
    /** The image's device nodes and fifos (its metadata's, never host files), by directory, then name. */
    private final Map<String, Map<String, LayerMetadata.SpecialFile>> specials = new HashMap<>();
    private final Set<String> excluded;
    /** Where something is mounted: the mount point itself is the root's, what it holds is not. */
    private final Set<String> mountPoints;
    private final List<Change> changes = new ArrayList<>();
    private final Set<String> opaque = new HashSet<>();
    /** The files left out as unchanged that have more names than one, by device then inode, each by its first path. */
    private final Map<Long, Map<Long, String>> unchangedNames = new HashMap<>();
    /** The files added or changed that have more names than one: each may be a new name of one of those. */
    private final Map<String, FileStat> multiplyNamed = new HashMap<>();

    private ContainerChanges(RootFiles container, RootFiles image, LayerMetadata meta, Set<String> excluded, Set<String> mountPoints) {
        this.container = container;
        this.image = image;
        this.excluded = excluded;
        this.mountPoints = mountPoints;
        for (LayerMetadata.SpecialFile s : meta.specialFiles())
            specials.computeIfAbsent(RootFiles.parent(s.path()), d -> new HashMap<>()).put(RootFiles.name(s.path()), s);
    }

    /**
     * The changes of the container root {@code rootfs} against {@code image}, sorted by
     * path; {@code mountPoints} are where its volumes, binds and tmpfs mounts are ("/data"):
     * what they hold is left out.
     */
    public static List<Change> list(ImageStore store, StoredImage image, Path rootfs, Collection<String> mountPoints) throws IOException {
        return of(store, image, rootfs, mountPoints).changes;
    }

    static ContainerChanges of(ImageStore store, StoredImage image, Path rootfs, Collection<String> mountPoints) throws IOException {
        Set<String> excluded = new HashSet<>(KERNEL_FILES);
        excluded.add(ContainerRoot.DOCKERENV); // Docker's diff and commit leave it out too
        // What ContainerRoot made where the image has nothing of the name: Docker's init layer, below what it lists
        List<String> init = new ArrayList<>(ContainerRoot.INIT_DIRECTORIES);
        init.addAll(List.of("dev", ContainerRoot.CONSOLE, "etc/" + ContainerRoot.MTAB));
        for (String rel : init)
            if (!Files.exists(store.root(image).resolve(rel), LinkOption.NOFOLLOW_LINKS)) excluded.add(rel);
        Set<String> mounted = new HashSet<>();
        for (String m : mountPoints) {
            String rel = ContainerPath.parse(m).rel();
            if (!rel.isEmpty()) mounted.add(rel);
        }
        try (StoreLock.Held ignored = store.using();
             RootFiles c = new RootFiles(rootfs);
             RootFiles i = new RootFiles(store.root(image))) {
            ContainerChanges diff = new ContainerChanges(c, i, store.rootMetadata(image), excluded, mounted);
            int cdir = c.directory(""), idir = i.directory("");
            try {
                diff.compare("", cdir, idir, 0);
            } finally {
                c.close(cdir);
                i.close(idir);
            }
            diff.linkedImageFiles();
            diff.changes.sort(Comparator.comparing(Change::path));
            return diff;
        }
    }

    List<Change> changes() { return changes; }

    /**
     * Directories the container emptied of all the image gave them (deleted, or made
     * again): a layer says so with one opaque marker, not a whiteout for each.
     */
    Set<String> opaque() { return opaque; }

    /** Compares directory {@code rel} of both roots ({@code idir} -1: the image has none there). */
    private void compare(String rel, int cdir, int idir, int depth) throws IOException {
        if (depth > PathReader.MAX_DEPTH) throw new IOException("the tree is deeper than " + PathReader.MAX_DEPTH + " directories");
        Map<String, LayerMetadata.SpecialFile> imageSpecials = idir < 0 ? Map.of() : specials.getOrDefault(rel, Map.of());
        Set<String> imageNames = new TreeSet<>();
        if (idir >= 0) {
            imageNames.addAll(image.list(idir));
            imageNames.addAll(imageSpecials.keySet());
        }
        Set<String> names = new TreeSet<>(container.list(cdir));
        names.addAll(imageNames);
        int kept = 0, gone = 0;
        boolean hidden = false;
        for (String name : names) {
            String childRel = RootFiles.join(rel, name);
            if (excluded.contains(childRel) || mountPoints.contains(childRel) || temporary(name)) {
                hidden |= imageNames.contains(name);
                // A mount point the run made: added as the root has it, without what is mounted there.
                if (mountPoints.contains(childRel) && !imageNames.contains(name) && container.lstat(cdir, name) != null)
                    changes.add(new Change("/" + childRel, Change.Kind.ADDED));
                continue;
            }
            boolean inImage = imageNames.contains(name);
            FileStat cst = container.lstat(cdir, name);
            if (cst == null) {
                if (inImage) {
                    changes.add(new Change("/" + childRel, Change.Kind.DELETED));
                    gone++;
                }
                continue;
            }
            if (!inImage) {
                added(childRel, cdir, name, depth);
                continue;
            }
            kept++;
            LayerMetadata.SpecialFile special = imageSpecials.get(name);
            FileStat ist = special == null ? image.lstat(idir, name) : null;
            // Still the image's own file: unchanged, and nothing more to read.
            if (ist != null && !cst.directory() && !ist.directory() && cst.dev() == ist.dev() && cst.ino() == ist.ino()) {
                unchanged(childRel, cst.nlink(), cst.dev(), cst.ino());
                continue;
            }
            both(childRel, cdir, idir, name, special, depth);
        }
        if (idir >= 0 && !rel.isEmpty() && gone > 0 && kept == 0 && !hidden) opaque.add(rel);
    }

    /** An entry of the container's that the image lacks: it and all it holds. */
    private void added(String rel, int cdir, String name, int depth) throws IOException {
        Opened c = open(container, cdir, name);
        if (c == null) return; // gone meanwhile
        try {
            if (c.file.type() == null) return; // a socket: no layer holds one
            changes.add(new Change("/" + rel, Change.Kind.ADDED));
            noteNames(rel, cdir, name);
            if (c.file.directory()) compare(rel, c.fd, -1, depth + 1);
        } finally {
            container.close(c.fd);
        }
    }

    /** An entry both roots have (not the same file): modified if it differs, or, for a directory, if anything in it changed. */
    private void both(String rel, int cdir, int idir, String name, LayerMetadata.SpecialFile special, int depth) throws IOException {
        Opened c = open(container, cdir, name);
        if (c == null) {
            changes.add(new Change("/" + rel, Change.Kind.DELETED));
            return;
        }
        Opened i = special != null ? new Opened(-1, GuestFile.special(special, image.hostRoot())) : open(image, idir, name);
        try {
            if (c.file.type() == null) {
                changes.add(new Change("/" + rel, Change.Kind.DELETED)); // a socket where the image had a file: the file is gone
                return;
            }
            boolean differs = i == null || c.file.differsFrom(i.file);
            if (!c.file.directory()) {
                if (differs) {
                    changes.add(new Change("/" + rel, Change.Kind.MODIFIED));
                    noteNames(rel, cdir, name);
                } else {
                    unchanged(rel, c.file.nlink(), c.file.dev(), c.file.ino());
                }
                return;
            }
            int before = changes.size();
            compare(rel, c.fd, i != null && i.file.directory() ? i.fd : -1, depth + 1);
            if (differs || changes.size() > before) changes.add(new Change("/" + rel, Change.Kind.MODIFIED));
        } finally {
            container.close(c.fd);
            if (i != null) image.close(i.fd);
        }
    }

    /** A file the changes leave out, kept by its identity when it has more names than one. */
    private void unchanged(String rel, long nlink, long dev, long ino) {
        if (nlink > 1) unchangedNames.computeIfAbsent(dev, d -> new HashMap<>()).putIfAbsent(ino, rel);
    }

    private void noteNames(String rel, int cdir, String name) throws HostError {
        FileStat st = container.lstat(cdir, name);
        if (st != null && !st.directory() && st.nlink() > 1) multiplyNamed.put(rel, st);
    }

    /**
     * A new name the guest gave a file of the image (`ln /etc/passwd /etc/pw`) takes that file's image name into the
     * changes too, as overlayfs copies a file up to link it: the layer then holds both names of one file, as Docker's
     * does (it held the new name alone, as a copy, and the image's name stayed the lower layer's: two files). So do
     * the directories on its way, which a layer must hold first.
     */
    private void linkedImageFiles() {
        Set<String> listed = new HashSet<>();
        for (Change c : changes) listed.add(c.path());
        for (FileStat st : multiplyNamed.values()) {
            String rel = unchangedNames.getOrDefault(st.dev(), Map.of()).get(st.ino());
            for (String at = rel; at != null && !at.isEmpty() && listed.add("/" + at); at = RootFiles.parent(at))
                changes.add(new Change("/" + at, Change.Kind.MODIFIED));
        }
    }

    /** An entry opened (a directory to list, anything else as O_PATH, never through a symlink) and described. */
    record Opened(int fd, GuestFile file) {}

    /** Opens and describes {@code name} in {@code dir}; null when it is gone, or no longer what its lstat said. */
    static Opened open(RootFiles files, int dir, String name) throws HostError {
        FileStat st = files.lstat(dir, name);
        if (st == null) return null;
        // O_PATH: no permission needed, nothing of a fifo's or device's woken.
        int fd = files.openOrNull(dir, name, st.directory() ? RootFiles.DIRECTORY : Flags.O_PATH | Flags.O_NOFOLLOW);
        if (fd < 0) return null;
        try {
            FileStat now = files.stat(fd);
            if (now.type() != st.type()) { // swapped since its lstat: the guest's own race, left out
                files.close(fd);
                return null;
            }
            String link = now.symlink() ? files.readlink(fd, "") : "";
            return new Opened(fd, GuestFile.of(now, now.symlink() ? Map.of() : files.xattrs(fd), link, files));
        } catch (HostError | RuntimeException e) {
            files.close(fd);
            throw e;
        }
    }
}
