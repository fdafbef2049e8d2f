package dev.lamina.image.layer;

import dev.lamina.rootfs.OwnerXattr;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Unpacks one layer's tar stream into an empty directory of its own.
 *
 * <p>The directory is private to Lamina and starts empty, so the only files in it are
 * ones this unpack made; a tree of them ({@link LayerNode}) is the ground truth for
 * every check. Names are cleaned as containerd cleans them ("/etc/x" and "./etc/x"
 * are "etc/x"), and an entry for a path already made replaces it, as extracting the
 * tar over one tree would (a directory listed again keeps its children). Each entry
 * is refused unless its name is free of "..", every parent is a directory of this
 * layer (never a symlink planted by an earlier entry), and a hard link's target is
 * an earlier file of this layer. Device nodes and fifos become metadata. Whiteouts
 * are recorded, not created. Writing through a lower layer's symlink is checked
 * when layers are flattened.
 */
public final class LayerUnpacker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<StandardOpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final int UMASK = readUmask();
    /** Linux's own bound on one attribute value (XATTR_SIZE_MAX). */
    private static final int MAX_XATTR_VALUE = 1 << 16;
    /** All the attributes one layer may record: they are held in memory until the layer's metadata is written. */
    private static final long MAX_XATTR_BYTES = 16 << 20;

    private final Path root;
    private final boolean applyOwners;
    private final Limits limits;
    private final LayerNode top = LayerNode.root();
    /** Every directory made, in the order made: parents before their children. */
    private final List<LayerNode> directories = new ArrayList<>(List.of(top));
    private final Set<String> implicit = new LinkedHashSet<>();
    private final List<String> whiteouts = new ArrayList<>();
    private final List<String> opaques = new ArrayList<>();
    private final Map<String, LayerMetadata.SpecialFile> specials = new LinkedHashMap<>();
    private final Map<String, LayerMetadata.Owner> owners = new LinkedHashMap<>();
    private final Map<String, Map<String, byte[]>> xattrs = new LinkedHashMap<>();
    private final byte[] buffer = new byte[1 << 16];
    private long made;
    private long xattrBytes;

    private LayerUnpacker(Path root, boolean applyOwners, Limits limits) {
        this.root = root;
        this.applyOwners = applyOwners;
        this.limits = limits;
    }

    /**
     * Unpacks {@code tar} into {@code root} (an existing empty directory). With
     * {@code applyOwners} (Lamina runs as root) files get the tar's owners and
     * extended attributes; otherwise owners other than root are recorded in the
     * returned metadata. Extended attributes are recorded either way.
     */
    public static LayerMetadata unpack(InputStream tar, Path root, boolean applyOwners, Limits limits) throws IOException {
        return new LayerUnpacker(root, applyOwners, limits).run(tar);
    }

    private LayerMetadata run(InputStream stream) throws IOException {
        TarReader tar = new TarReader(stream);
        for (TarEntry e; (e = tar.next()) != null; ) {
            count();
            apply(e, tar);
        }
        // Deepest first, so a read-only directory is closed only after its children are in.
        for (LayerNode d : directories.reversed())
            if (!d.gone && d.entry != null) attributes(at(d.path), d.entry);
        return new LayerMetadata(whiteouts, opaques, List.copyOf(implicit), List.copyOf(specials.values()), owners, xattrs);
    }

    /** Entries and the directories made for them both count: either costs the host a file. */
    private void count() {
        if (++made > limits.maxEntries())
            throw new TarFormatException("more than " + limits.maxEntries() + " entries (LAMINA_LAYER_MAX_ENTRIES)");
    }

    private void apply(TarEntry raw, TarReader tar) throws IOException {
        String path = normalise(raw.name());
        TarEntry e = raw.named(path);
        if (path.isEmpty()) {
            if (e.type() != TarEntry.Type.DIRECTORY)
                throw new TarFormatException("entry '" + raw.name() + "' names the layer's root but is not a directory");
            top.entry = e;
            xattrs(top, e);
            return;
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        LayerNode dir = parents(path);
        if (base.startsWith(WHITEOUT)) {
            if (base.equals(OPAQUE)) opaques.add(dir.path);
            else if (!base.startsWith(WHITEOUT + WHITEOUT)) {
                String hidden = base.substring(WHITEOUT.length());
                if (hidden.isEmpty() || hidden.equals(".") || hidden.equals(".."))
                    throw new TarFormatException("whiteout '" + raw.name() + "' names no file");
                whiteouts.add(dir.path.isEmpty() ? hidden : dir.path + "/" + hidden);
            }
            return;
        }
        LayerNode existing = dir.child(base);
        if (existing != null) {
            if (existing.type == TarEntry.Type.DIRECTORY && e.type() == TarEntry.Type.DIRECTORY) {
                // Listed again: the later entry's owner, mode and times, added attributes, same children.
                existing.entry = e;
                implicit.remove(path);
                xattrs(existing, e);
                return;
            }
            remove(existing);
        }
        Path p = at(path);
        LayerNode node = switch (e.type()) {
            case DIRECTORY -> {
                Files.createDirectory(p);
                LayerNode d = dir.add(base, path, e.type());
                d.entry = e;
                directories.add(d);
                yield d;
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
                yield dir.add(base, path, e.type());
            }
            case SYMLINK -> {
                if (e.linkName().isEmpty()) throw new TarFormatException("symlink '" + raw.name() + "' has no target");
                Files.createSymbolicLink(p, Path.of(e.linkName()));
                owner(p, e);
                times(p, e); // the link's own (`ls -l /bin` showed the unpack's time where tar keeps the layer's)
                yield dir.add(base, path, e.type());
            }
            case HARDLINK -> {
                LayerNode target = find(normalise(e.linkName()));
                if (target == null || (target.type != TarEntry.Type.FILE && target.type != TarEntry.Type.SYMLINK))
                    throw new TarFormatException("hard link '" + raw.name() + "' points to '" + e.linkName()
                            + "', which is not an earlier file of this layer");
                Files.createLink(p, at(target.path));
                // One file under two names: the attributes recorded for the first hold for the second.
                Map<String, byte[]> shared = xattrs.get(target.path);
                if (shared != null) xattrs.put(path, new TreeMap<>(shared));
                yield dir.add(base, path, target.type);
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
                specials.put(path, new LayerMetadata.SpecialFile(path, e.type(), e.permissions(), e.uid(), e.gid(),
                        e.devMajor(), e.devMinor()));
                yield dir.add(base, path, e.type());
            }
        };
        xattrs(node, e);
    }

    /**
     * The directory {@code path} goes in, after checking every parent; parents the
     * tar never listed are made as plain directories.
     */
    private LayerNode parents(String path) throws IOException {
        LayerNode dir = top;
        for (int start = 0, slash; (slash = path.indexOf('/', start)) > 0; start = slash + 1) {
            String name = path.substring(start, slash);
            LayerNode next = dir.child(name);
            if (next == null) {
                count();
                String sub = path.substring(0, slash);
                Files.createDirectory(at(sub));
                next = dir.add(name, sub, TarEntry.Type.DIRECTORY);
                implicit.add(sub);
                directories.add(next);
            } else if (next.type == TarEntry.Type.SYMLINK) {
                throw new TarFormatException("entry '" + path + "' would be written through the symlink '" + next.path
                        + "' planted earlier in the layer");
            } else if (next.type != TarEntry.Type.DIRECTORY) {
                throw new TarFormatException("entry '" + path + "' is under '" + next.path + "', which is not a directory");
            }
            dir = next;
        }
        return dir;
    }

    /** What this unpack made at {@code path}, or null. */
    private LayerNode find(String path) {
        LayerNode n = top;
        if (path.isEmpty()) return n;
        for (String part : path.split("/")) {
            n = n.child(part);
            if (n == null) return null;
        }
        return n;
    }

    /** Removes what an earlier entry made at {@code node}'s path, and everything under it, with what was recorded for them. */
    private void remove(LayerNode node) throws IOException {
        for (LayerNode n : node.detach()) {
            if (onDisk(n.type)) Files.delete(at(n.path));
            else specials.remove(n.path);
            implicit.remove(n.path);
            owners.remove(n.path);
            xattrs.remove(n.path);
        }
    }

    /**
     * Records the entry's extended attributes that matter in a container (file
     * capabilities and user.*), as the store records owners, for the kernel to serve;
     * as root they are set on the file too, where the host allows it. Other
     * namespaces (SELinux labels, trusted.*) and Lamina's own user.lamina.* are dropped.
     */
    private void xattrs(LayerNode node, TarEntry e) throws IOException {
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            String name = x.getKey();
            byte[] value = x.getValue();
            if (!name.equals("security.capability") && !(name.startsWith("user.") && !name.startsWith("user.lamina.")))
                continue;
            if (value.length > MAX_XATTR_VALUE)
                throw new TarFormatException("entry '" + e.name() + "' has an extended attribute " + name + " of " + value.length
                        + " bytes (Linux allows " + MAX_XATTR_VALUE + ")");
            xattrBytes += name.length() + value.length;
            if (xattrBytes > MAX_XATTR_BYTES)
                throw new TarFormatException("extended attributes of more than " + MAX_XATTR_BYTES + " bytes in one layer");
            xattrs.computeIfAbsent(node.path, k -> new TreeMap<>()).put(name, value);
            if (applyOwners && onDisk(node.type)) {
                // Refusals containerd lets pass too (user.* on a symlink, a file system without the namespace): the metadata keeps it.
                int errno = HostXattrs.set(at(node.path), name, value);
                if (errno != 0 && errno != HostXattrs.EPERM && errno != HostXattrs.EOPNOTSUPP)
                    throw new TarFormatException("entry '" + e.name() + "': the host refuses its extended attribute " + name
                            + " (errno " + errno + ")");
            }
        }
    }

    /** Device nodes and fifos exist only as metadata; everything else is a host file. */
    private static boolean onDisk(TarEntry.Type type) {
        return type == TarEntry.Type.FILE || type == TarEntry.Type.SYMLINK || type == TarEntry.Type.DIRECTORY;
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
     * "/a/./b//" and "./a/b/" become "a/b", as containerd cleans names; ".." anywhere
     * is refused, since a layer that needs it is either broken or an attack.
     */
    public static String normalise(String name) {
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
