package dev.lamina.image.layer;

/** One tar header after PAX and GNU long-name records are folded in. */
public record TarEntry(String name, Type type, int mode, long uid, long gid, long size, String linkName,
                       long mtime, int devMajor, int devMinor) {
    public enum Type { FILE, HARDLINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    /** The mode bits tar keeps: permissions plus set-id and sticky. */
    public int permissions() { return mode & 07777; }
}
