package dev.lamina.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner attribute's bytes (the same as lkl-common's LAMINA_OWNER_XATTR), and its writing and copying. */
class OwnerXattrTest {
    @TempDir Path dir;

    @Test
    void encodesTwoLittleEndianWords() {
        assertArrayEquals(new byte[] {(byte) 0xe8, 3, 0, 0, 33, 0, 0, 0}, OwnerXattr.encode(1000, 33));
        assertEquals(OwnerXattr.SIZE, OwnerXattr.encode(0, 0).length);
    }

    @Test
    void decodesWhatItEncodesUnsigned() {
        long[] owner = OwnerXattr.decode(ByteBuffer.wrap(OwnerXattr.encode(4294967294L, 65534)));
        assertArrayEquals(new long[] {4294967294L, 65534}, owner);
    }

    @Test
    void writesAndCopiesTheAttribute() throws IOException {
        Path a = Files.createFile(dir.resolve("a")), b = Files.createFile(dir.resolve("b")), c = Files.createFile(dir.resolve("c"));
        assumeTrue(OwnerXattr.write(a, 1000, 1000), "this file system keeps no user attributes");
        assertArrayEquals(new long[] {1000, 1000}, read(a));
        OwnerXattr.copy(a, b);
        assertArrayEquals(new long[] {1000, 1000}, read(b));
        OwnerXattr.copy(c, b); // c has none: b keeps its own
        assertArrayEquals(new long[] {1000, 1000}, read(b));
        assertFalse(view(c).list().contains("lamina.owner"));
        assertTrue(OwnerXattr.NAME.endsWith("lamina.owner"));
    }

    private static long[] read(Path p) throws IOException {
        ByteBuffer value = ByteBuffer.allocate(OwnerXattr.SIZE);
        view(p).read("lamina.owner", value);
        value.flip();
        return OwnerXattr.decode(value);
    }

    private static UserDefinedFileAttributeView view(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
