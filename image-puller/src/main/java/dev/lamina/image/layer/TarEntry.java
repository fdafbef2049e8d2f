package dev.lamina.image.layer;

import java.util.Map;

/**
 * One tar header after PAX and GNU long-name records are folded in; {@code xattrs}
 * holds its SCHILY.xattr PAX records by attribute name, values as raw bytes.
 */
public record TarEntry(String name, Type type, int mode, long uid, long gid, long size, String linkName,
                       long mtime, int devMajor, int devMinor, Map<String, byte[]> xattrs) {
    public enum Type { FILE, HARDLINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    /** The mode bits tar keeps: permissions plus set-id and sticky. */
    public int permissions() { return mode & 07777; }

    /** The same entry under another name (its cleaned form). */
    public TarEntry named(String other) {
        return new TarEntry(other, type, mode, uid, gid, size, linkName, mtime, devMajor, devMinor, xattrs);
    }
}
