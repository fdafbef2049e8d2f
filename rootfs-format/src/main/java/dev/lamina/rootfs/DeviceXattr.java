package dev.lamina.rootfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * A device node inside a container: Lamina makes no device on the host, but an empty
 * regular file carrying this extended attribute, which stat shows as the device and
 * an open serves as it (a guest's mknod, or a device node the image records). The value:
 * the type (S_IFCHR or S_IFBLK), major and minor, as three little-endian 32-bit numbers.
 */
public final class DeviceXattr {
    /** The attribute's name as the host kernel knows it. */
    public static final String NAME = "user.lamina.device";
    public static final int SIZE = 12;
    public static final int S_IFCHR = 0020000, S_IFBLK = 0060000;
    private static final String VIEW_NAME = "lamina.device";

    /** What the attribute says. */
    public record Device(int type, int major, int minor) {
        public Device {
            if (type != S_IFCHR && type != S_IFBLK) throw new IllegalArgumentException("not a device type: " + Integer.toOctalString(type));
        }
    }

    private DeviceXattr() {}

    public static byte[] encode(Device d) {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(d.type()).putInt(d.major()).putInt(d.minor()).array();
    }

    /** The device an attribute's value names, or null for a value that names none. */
    public static Device decode(ByteBuffer value) {
        ByteBuffer v = value.order(ByteOrder.LITTLE_ENDIAN);
        int type = v.getInt(0);
        if (type != S_IFCHR && type != S_IFBLK) return null;
        return new Device(type, v.getInt(4), v.getInt(8));
    }

    /** Marks {@code p} (an empty regular file) as the device. */
    public static void write(Path p, Device d) throws IOException {
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .write(VIEW_NAME, ByteBuffer.wrap(encode(d)));
    }
}
