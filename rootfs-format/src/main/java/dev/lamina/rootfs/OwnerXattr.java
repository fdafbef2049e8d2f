package dev.lamina.rootfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * The owner a file has inside the container, kept in an extended attribute when
 * Lamina does not run as root and so cannot chown (lkl-common's
 * LAMINA_OWNER_XATTR): the guest uid and gid as two little-endian 32-bit numbers.
 * Unpacking writes it, guest chown writes it, stat reads it. Symlinks cannot
 * carry user attributes; theirs stays in the layer's metadata only.
 */
public final class OwnerXattr {
    /** The attribute's name as the host kernel knows it. */
    public static final String NAME = "user.lamina.owner";
    public static final int SIZE = 8;
    /** Java's user-defined attribute view adds the "user." namespace itself. */
    private static final String VIEW_NAME = "lamina.owner";

    private OwnerXattr() {}

    public static byte[] encode(long uid, long gid) {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt((int) uid).putInt((int) gid).array();
    }

    /** {uid, gid} from an attribute's value. */
    public static long[] decode(ByteBuffer value) {
        ByteBuffer v = value.order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {Integer.toUnsignedLong(v.getInt(0)), Integer.toUnsignedLong(v.getInt(4))};
    }

    /** Records the owner on {@code p}; false when the file system keeps no user attributes. */
    public static boolean write(Path p, long uid, long gid) throws IOException {
        try {
            view(p).write(VIEW_NAME, ByteBuffer.wrap(encode(uid, gid)));
            return true;
        } catch (FileSystemException e) {
            if (unsupported(e)) return false;
            throw e;
        }
    }

    /** Copies the attribute from one file to another, if the first has it (directories: files keep it through copies and links). */
    public static void copy(Path from, Path to) throws IOException {
        try {
            UserDefinedFileAttributeView source = view(from);
            if (!source.list().contains(VIEW_NAME)) return;
            ByteBuffer value = ByteBuffer.allocate(SIZE);
            source.read(VIEW_NAME, value);
            value.flip();
            view(to).write(VIEW_NAME, value);
        } catch (FileSystemException e) {
            if (!unsupported(e)) throw e;
        }
    }

    private static UserDefinedFileAttributeView view(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean unsupported(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return reason.contains("not supported") || reason.contains("Operation not permitted");
    }
}
