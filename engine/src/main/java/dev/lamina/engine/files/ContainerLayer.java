package dev.lamina.engine.files;

import dev.lamina.image.archive.TarWriter;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.LayerBlob;
import dev.lamina.image.store.StoredImage;
import dev.lamina.kernel.abi.Flags;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A container's changes ({@link ContainerChanges}) as an OCI layer, gzip-compressed
 * as the layers of pushed and pulled images are (the store keeps one kind of blob,
 * which `docker save` and a push send as they are): each changed or added entry with
 * its content, mode, owner and modification time as the guest sees them, symlink
 * targets, device nodes and fifos, extended attributes as SCHILY.xattr records, a
 * file's further names as hard links to its first; a deletion as a whiteout
 * ({@code .wh.NAME}), a directory emptied of all the image gave it as an opaque one
 * ({@code .wh..wh..opq}). Directories holding changes are in it (as Docker's
 * layers have them, so their owners and modes are kept). Entries come sorted by
 * name and carry nothing but what the files say (no access times, no user names, no
 * time of writing; whiteouts are dated 0), so the same files make the same layer.
 */
public final class ContainerLayer {
    private static final String WHITEOUT = ".wh.", OPAQUE = ".wh..wh..opq";

    private final RootFiles files;
    private final TarWriter tar;
    /** The first name written of each file with more names, by device then inode. */
    private final Map<Long, Map<Long, String>> written = new HashMap<>();
    /**
     * The directories written, by path: an entry goes in only under one of them, so a directory the guest swapped
     * for a symlink since (or anything else) leaves its children out rather than put them under a link.
     */
    private final Set<String> directories = new HashSet<>(Set.of(""));
    /** The directory of the last entry, held open for its siblings. */
    private String dirRel;
    private int dir = -1;

    private ContainerLayer(RootFiles files, TarWriter tar) {
        this.files = files;
        this.tar = tar;
    }

    /** {@link #write(ImageStore, StoredImage, Path, Collection, Path)} for a container without volumes (a build step's). */
    public static LayerBlob write(ImageStore store, StoredImage image, Path rootfs, Path out) throws IOException {
        return write(store, image, rootfs, List.of(), out);
    }

    /**
     * Writes the changes of container root {@code rootfs} against {@code image} as a
     * gzip-compressed layer tar at {@code out} (a new file; the caller removes it once
     * used), leaving out the mount points of its volumes ({@code mountPoints}: "/data").
     * The blob has {@code empty} set when nothing changed (its tar holds no entry);
     * {@link dev.lamina.image.store.ChildImage#commit} then adds no layer.
     */
    public static LayerBlob write(ImageStore store, StoredImage image, Path rootfs, Collection<String> mountPoints, Path out)
            throws IOException {
        ContainerChanges diff = ContainerChanges.of(store, image, rootfs, mountPoints);
        MessageDigest blobDigest = Digest.sha256(), tarDigest = Digest.sha256();
        try (OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             DigestOutputStream blob = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), blobDigest);
             GZIPOutputStream gzip = new FastGzip(blob);
             DigestOutputStream plain = new DigestOutputStream(gzip, tarDigest);
             RootFiles files = new RootFiles(rootfs)) {
            ContainerLayer layer = new ContainerLayer(files, new TarWriter(plain));
            try {
                layer.write(diff);
            } finally {
                files.close(layer.dir);
            }
        }
        Digest diffId = Digest.of(tarDigest);
        return new LayerBlob(out, Digest.of(blobDigest), diffId, Files.size(out), diffId.equals(LayerBlob.EMPTY_TAR));
    }

    /**
     * gzip at deflate's fastest level. A layer is written once per commit or build step, while
     * its client waits, and read back rarely (push, save); at the default level (6) deflate ran
     * 26-36 MB/s here on text and programs against 112-116 MB/s at level 1, for a blob 7-18%
     * larger (see README, Images).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private void write(ContainerChanges diff) throws IOException {
        for (Change c : diff.changes()) {
            String rel = c.path().substring(1);
            String parent = RootFiles.parent(rel);
            if (!directories.contains(parent)) continue;
            if (c.kind() == Change.Kind.DELETED) {
                if (!diff.opaque().contains(parent)) marker(RootFiles.join(parent, WHITEOUT + RootFiles.name(rel)));
                continue;
            }
            if (entry(parent, rel) && diff.opaque().contains(rel)) marker(RootFiles.join(rel, OPAQUE));
        }
        tar.close();
    }

    /** A whiteout or opaque marker: an empty file owned by root, dated 0. */
    private void marker(String name) throws IOException {
        tar.entry(new TarEntry(name, TarEntry.Type.FILE, 0, 0, 0, 0, "", 0, 0, 0, Map.of()), null);
    }

    /** Writes {@code rel} as it is now; false when it is gone since the changes were listed (a running container's). */
    private boolean entry(String parent, String rel) throws IOException {
        if (!parent.equals(dirRel)) {
            files.close(dir);
            dir = -1;
            dirRel = parent;
            dir = files.directoryWithoutLinks(parent);
        }
        if (dir < 0) return false;
        ContainerChanges.Opened o = ContainerChanges.open(files, dir, RootFiles.name(rel));
        if (o == null) return false;
        try {
            GuestFile f = o.file();
            if (f.type() == null) return false;
            if (f.type() != TarEntry.Type.FILE) {
                tar.entry(f.header(rel, null), null);
                if (f.directory()) directories.add(rel);
            } else {
                String first = f.nlink() > 1 ? written.computeIfAbsent(f.dev(), d -> new HashMap<>()).putIfAbsent(f.ino(), rel) : null;
                if (first != null) {
                    tar.entry(f.header(rel, first), null);
                } else {
                    int fd = files.openOrNull(dir, RootFiles.name(rel), Flags.O_RDONLY | Flags.O_NOFOLLOW | Flags.O_NONBLOCK);
                    if (fd < 0) return false;
                    try {
                        FileStat st = files.stat(fd);
                        if (st.dev() != f.dev() || st.ino() != f.ino()) return false; // replaced meanwhile: left out
                        tar.entry(f.header(rel, null), new ExactLength(files, fd, f.size()));
                    } finally {
                        files.close(fd);
                    }
                }
            }
            return true;
        } finally {
            files.close(o.fd());
        }
    }
}
