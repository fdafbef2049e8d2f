package dev.lamina.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unpacks one layer's tar stream into an empty directory of its own.
 *
 * <p>The directory is private to Lamina and starts empty, so the only files in it are
 * ones this unpack made; a map of them is the ground truth for every check. Each
 * entry is refused unless its name is relative without "..", every parent is a
 * directory of this layer (never a symlink planted by an earlier entry), a hard
 * link's target is an earlier file of this layer, and the name is not a duplicate.
 * Device nodes and fifos become metadata. Whiteouts are recorded, not created.
 * Writing through a lower layer's symlink is checked when layers are flattened.
 */
public final class LayerUnpacker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<StandardOpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final int UMASK = readUmask();

    private final Path root;
    private final boolean applyOwners;
    private final Limits limits;
    private final Map<String, TarEntry.Type> made = new HashMap<>();
    private final List<String> implicit = new ArrayList<>();
    private final List<String> whiteouts = new ArrayList<>();
    private final List<String> opaques = new ArrayList<>();
    private final List<LayerMetadata.SpecialFile> specials = new ArrayList<>();
    private final Map<String, LayerMetadata.Owner> owners = new LinkedHashMap<>();
    private final List<TarEntry> directories = new ArrayList<>();
    private final byte[] buffer = new byte[1 << 16];

    private LayerUnpacker(Path root, boolean applyOwners, Limits limits) {
        this.root = root;
        this.applyOwners = applyOwners;
        this.limits = limits;
    }

    /**
     * Unpacks {@code tar} into {@code root} (an existing empty directory). With
     * {@code applyOwners} (Lamina runs as root) files get the tar's owners; otherwise
     * owners other than root are recorded in the returned metadata.
     */
    public static LayerMetadata unpack(InputStream tar, Path root, boolean applyOwners, Limits limits) throws IOException {
        return new LayerUnpacker(root, applyOwners, limits).run(tar);
    }

    private LayerMetadata run(InputStream stream) throws IOException {
        TarReader tar = new TarReader(stream);
        made.put("", TarEntry.Type.DIRECTORY);
        long count = 0;
        for (TarEntry e; (e = tar.next()) != null; ) {
            if (++count > limits.maxEntries())
                throw new TarFormatException("more than " + limits.maxEntries() + " entries (LAMINA_LAYER_MAX_ENTRIES)");
            apply(e, tar);
        }
        // Deepest first, so a read-only directory is closed only after its children are in.
        for (int i = directories.size() - 1; i >= 0; i--) {
            TarEntry d = directories.get(i);
            attributes(at(d.name()), d);
        }
        return new LayerMetadata(whiteouts, opaques, implicit, specials, owners);
    }

    private void apply(TarEntry raw, TarReader tar) throws IOException {
        String path = normalise(raw.name());
        TarEntry e = new TarEntry(path, raw.type(), raw.mode(), raw.uid(), raw.gid(), raw.size(), raw.linkName(),
                raw.mtime(), raw.devMajor(), raw.devMinor());
        String base = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        if (base.startsWith(WHITEOUT)) {
            parents(path);
            if (base.equals(OPAQUE)) opaques.add(parent);
            else if (!base.startsWith(WHITEOUT + WHITEOUT)) {
                String hidden = base.substring(WHITEOUT.length());
                if (hidden.isEmpty() || hidden.equals(".") || hidden.equals(".."))
                    throw new TarFormatException("whiteout '" + raw.name() + "' names no file");
                whiteouts.add(parent.isEmpty() ? hidden : parent + "/" + hidden);
            }
            return;
        }
        TarEntry.Type existing = made.get(path);
        if (existing != null) {
            boolean implicitDir = existing == TarEntry.Type.DIRECTORY && implicit.remove(path);
            if (!(implicitDir && e.type() == TarEntry.Type.DIRECTORY) && !(path.isEmpty() && e.type() == TarEntry.Type.DIRECTORY))
                throw new TarFormatException("entry '" + raw.name() + "' appears twice");
        }
        parents(path);
        Path p = at(path);
        switch (e.type()) {
            case DIRECTORY -> {
                if (existing == null) Files.createDirectory(p);
                directories.add(e);
            }
            case FILE -> {
                // Created with its final mode when the umask leaves it alone: saves a chmod per file.
                boolean exact = UMASK >= 0 && (e.permissions() & ~0777) == 0 && (e.permissions() & UMASK) == 0;
                FileAttribute<?>[] mode = exact ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(e.permissions()))}
                        : new FileAttribute<?>[0];
                try (SeekableByteChannel out = Files.newByteChannel(p, CREATE_FILE, mode)) {
                    InputStream in = tar.content();
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                        while (chunk.hasRemaining()) out.write(chunk);
                    }
                }
                owner(p, e);
                if (!exact) Files.setAttribute(p, "unix:mode", e.permissions(), NOFOLLOW);
                times(p, e);
            }
            case SYMLINK -> {
                if (e.linkName().isEmpty()) throw new TarFormatException("symlink '" + raw.name() + "' has no target");
                Files.createSymbolicLink(p, Path.of(e.linkName()));
                owner(p, e);
            }
            case HARDLINK -> {
                String target = normalise(e.linkName());
                TarEntry.Type kind = made.get(target);
                if (kind != TarEntry.Type.FILE && kind != TarEntry.Type.SYMLINK)
                    throw new TarFormatException("hard link '" + raw.name() + "' points to '" + e.linkName()
                            + "', which is not an earlier file of this layer");
                Files.createLink(p, at(target));
                made.put(path, kind);
                return;
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> specials.add(new LayerMetadata.SpecialFile(path, e.type(),
                    e.permissions(), e.uid(), e.gid(), e.devMajor(), e.devMinor()));
        }
        made.put(path, e.type());
    }

    /** Checks every parent of {@code path}; parents the tar never listed are made as plain directories. */
    private void parents(String path) throws IOException {
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) > 0) {
            String dir = path.substring(0, slash);
            TarEntry.Type kind = made.get(dir);
            if (kind == null) {
                Files.createDirectory(at(dir));
                made.put(dir, TarEntry.Type.DIRECTORY);
                implicit.add(dir);
            } else if (kind == TarEntry.Type.SYMLINK) {
                throw new TarFormatException("entry '" + path + "' would be written through the symlink '" + dir
                        + "' planted earlier in the layer");
            } else if (kind != TarEntry.Type.DIRECTORY) {
                throw new TarFormatException("entry '" + path + "' is under '" + dir + "', which is not a directory");
            }
        }
    }

    private void attributes(Path p, TarEntry e) throws IOException {
        owner(p, e);
        Files.setAttribute(p, "unix:mode", e.permissions(), NOFOLLOW);
        times(p, e);
    }

    /** Access time as modification time, as Docker does for tars without one: giving both spares a stat. */
    private static void times(Path p, TarEntry e) throws IOException {
        FileTime t = FileTime.fromMillis(e.mtime() * 1000);
        Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) if ((mode & (0400 >> i)) != 0) out.add(bits[i]);
        return out;
    }

    /** The process umask from /proc/self/status, or -1 where that is not available (then every file is chmodded). */
    private static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("Umask:")) return Integer.parseInt(line.substring(6).trim(), 8);
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an old kernel
        }
        return -1;
    }

    private void owner(Path p, TarEntry e) throws IOException {
        if (e.uid() > Integer.MAX_VALUE || e.gid() > Integer.MAX_VALUE)
            throw new TarFormatException("entry '" + e.name() + "' has an owner id out of range");
        if (e.uid() == 0 && e.gid() == 0) return;
        if (applyOwners) {
            Files.setAttribute(p, "unix:uid", (int) e.uid(), NOFOLLOW);
            Files.setAttribute(p, "unix:gid", (int) e.gid(), NOFOLLOW);
        } else {
            // Kept for the kernel: in the layer's metadata, and on the file itself where it can be.
            owners.put(e.name(), new LayerMetadata.Owner(e.uid(), e.gid()));
            if (e.type() != TarEntry.Type.SYMLINK) OwnerXattr.write(p, e.uid(), e.gid());
        }
    }

    private Path at(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    /**
     * "./a//b/" becomes "a/b"; absolute names and ".." anywhere are refused, since a
     * layer that needs them is either broken or an attack.
     */
    public static String normalise(String name) {
        if (name.startsWith("/")) throw new TarFormatException("entry '" + name + "' has an absolute name");
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) throw new TarFormatException("entry '" + name + "' climbs out with '..'");
            if (part.length() > 255) throw new TarFormatException("entry '" + name + "' has a name part over 255 bytes");
            if (!out.isEmpty()) out.append('/');
            out.append(part);
        }
        return out.toString();
    }
}
