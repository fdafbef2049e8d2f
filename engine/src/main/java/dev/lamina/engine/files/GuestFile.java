package dev.lamina.engine.files;

import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.rootfs.DeviceXattr;
import dev.lamina.rootfs.OwnerXattr;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of a container's root (or of its image's) as the guest sees it, which is
 * what a layer records: the kernel's view of the host file (a marked empty file is a
 * device, Lamina's own user is root, without root on the host the owner attribute
 * says the owner) and the extended attributes the guest reads (user.*, security.*
 * names kept as user.lamina.security.*, the host's security.capability as root;
 * never Lamina's own user.lamina.*). {@code mtime} -1: not known (an image's device
 * node or fifo, which its metadata records without times).
 */
record GuestFile(TarEntry.Type type, int permissions, long uid, long gid, long size, long mtime, long mtimeNanos, int major,
                 int minor, String link, Map<String, byte[]> xattrs, long dev, long ino, long nlink) {
    private static final String OWN = "user.lamina.", SECURITY = "security.", CAPABILITY = "security.capability";

    /** The guest's view of a host file: its stat, its host attributes, a symlink's target ("" for others). */
    static GuestFile of(FileStat st, Map<String, byte[]> hostXattrs, String link, RootFiles files) {
        Map<String, byte[]> guest = new TreeMap<>();
        hostXattrs.forEach((name, value) -> {
            if (name.startsWith(OWN + SECURITY)) guest.put(name.substring(OWN.length()), value);
            else if (name.startsWith("user.") && !name.startsWith(OWN)) guest.put(name, value);
            else if (name.equals(CAPABILITY) && files.hostRoot()) guest.put(name, value);
        });
        long[] owner = files.guestOwner(st, -1);
        byte[] kept = hostXattrs.get(OwnerXattr.NAME);
        if (!files.hostRoot() && kept != null && kept.length == OwnerXattr.SIZE && !st.symlink())
            owner = OwnerXattr.decode(ByteBuffer.wrap(kept));
        byte[] mark = hostXattrs.get(DeviceXattr.NAME);
        DeviceXattr.Device device = st.regular() && st.size() == 0 && mark != null && mark.length == DeviceXattr.SIZE
                ? DeviceXattr.decode(ByteBuffer.wrap(mark)) : null;
        TarEntry.Type type = device != null ? (device.type() == DeviceXattr.S_IFCHR ? TarEntry.Type.CHAR_DEVICE : TarEntry.Type.BLOCK_DEVICE)
                : switch (st.type()) {
                    case Flags.S_IFDIR -> TarEntry.Type.DIRECTORY;
                    case Flags.S_IFLNK -> TarEntry.Type.SYMLINK;
                    case Flags.S_IFIFO -> TarEntry.Type.FIFO;
                    case Flags.S_IFCHR -> TarEntry.Type.CHAR_DEVICE;
                    case Flags.S_IFBLK -> TarEntry.Type.BLOCK_DEVICE;
                    case Flags.S_IFREG -> TarEntry.Type.FILE;
                    default -> null; // a socket: no layer holds one
                };
        return new GuestFile(type, st.permissions(), owner[0], owner[1], type == TarEntry.Type.FILE ? st.size() : 0, st.mtime(),
                st.mtimeNanos(), device != null ? device.major() : st.major(), device != null ? device.minor() : st.minor(),
                link, guest, st.dev(), st.ino(), st.nlink());
    }

    /**
     * An image's device node or fifo as a new container got it ({@link dev.lamina.container.ContainerRoot}): without
     * root on the host a fifo cannot be given its owner and shows as root's.
     */
    static GuestFile special(LayerMetadata.SpecialFile s, boolean hostRoot) {
        boolean ownerKept = hostRoot || s.type() != TarEntry.Type.FIFO;
        return new GuestFile(s.type(), s.mode() & 07777, ownerKept ? s.uid() : 0, ownerKept ? s.gid() : 0, 0, -1, 0, s.major(),
                s.minor(), "", Map.of(), -1, -1, 1);
    }

    boolean directory() { return type == TarEntry.Type.DIRECTORY; }

    /** Whether this is the very file {@code other} is (a file of the image the container still shares). */
    boolean sameFile(GuestFile other) { return dev == other.dev && ino == other.ino && dev != -1; }

    /**
     * Whether this entry differs from the image's {@code image} as Docker's diff
     * decides: type, mode, owner, device number and attributes; for a non-directory
     * also size, modification time (to the second when one side has no nanoseconds,
     * as tar keeps times) and a symlink's target.
     */
    boolean differsFrom(GuestFile image) {
        if (type != image.type || permissions != image.permissions || uid != image.uid || gid != image.gid || major != image.major
                || minor != image.minor || !sameXattrs(image))
            return true;
        if (directory()) return false;
        boolean sameTime = image.mtime == -1 || (mtime == image.mtime && (mtimeNanos == image.mtimeNanos || mtimeNanos == 0
                || image.mtimeNanos == 0));
        return !sameTime || size != image.size || !link.equals(image.link);
    }

    private boolean sameXattrs(GuestFile image) {
        if (!xattrs.keySet().equals(image.xattrs.keySet())) return false;
        for (var e : xattrs.entrySet()) if (!Arrays.equals(e.getValue(), image.xattrs.get(e.getKey()))) return false;
        return true;
    }

    /** The tar header of this entry under {@code name}; a hard link's when {@code linkTo} is given. */
    TarEntry header(String name, String linkTo) {
        boolean hardLink = linkTo != null;
        return new TarEntry(name, hardLink ? TarEntry.Type.HARDLINK : type, permissions, uid, gid, hardLink ? 0 : size,
                hardLink ? linkTo : link, Math.max(0, mtime), major, minor, xattrs);
    }
}
