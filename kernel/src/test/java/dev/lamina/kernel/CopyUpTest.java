package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.lamina.rootfs.SharedInodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's files are hard links to the image's: the kernel copies one
 * before any change, so the image's link (here a file beside the root, listed
 * as shared) never changes, whatever path or descriptor the change comes
 * through. Hard links among the container's own files stay one file.
 */
class CopyUpTest {
    private static final String IMAGE_TEXT = "from the image\n";

    @TempDir
    Path dir;
    private TestContainer c;
    private Path image, mine;

    @BeforeEach
    void setUp() throws IOException {
        image = Files.createDirectories(dir.resolve("outside")).resolve("motd");
        Files.writeString(image, IMAGE_TEXT);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(dir.resolve("root/etc"));
        mine = Files.createLink(dir.resolve("root/etc/motd"), image);
        Path list = dir.resolve("root.shared-inodes");
        SharedInodes.builder().add((Long) Files.getAttribute(image, "unix:dev"), (Long) Files.getAttribute(image, "unix:ino"))
                .build().write(list);
        c = new TestContainer(dir, PortPlan.HOST_NETWORK, list);
    }

    @AfterEach
    void tearDown() {
        c.close();
    }

    private void assertImageUntouched() throws IOException {
        assertEquals(IMAGE_TEXT, Files.readString(image));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));
        assertEquals(1, Files.getAttribute(image, "unix:nlink"), "the container's name is a copy now");
    }

    private ReceivedReply open(String path, int flags) {
        ReceivedReply r = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, flags, 0), path(path));
        assertEquals(0, r.ret(), path);
        return r;
    }

    @Test
    void readingSharesTheImagesFile() throws IOException {
        open("/etc/motd", Flags.O_RDONLY).closeFds();
        assertEquals(2, Files.getAttribute(image, "unix:nlink"));
    }

    /**
     * A file shared with the image shows the image's link count (one name there), not the
     * host's (the store's name, and each container's); a guest's own hard link copies it up
     * first, and then shows as two names of the container's file.
     */
    @Test
    void aSharedFileShowsTheImagesLinkCount() throws IOException {
        Files.createLink(dir.resolve("another-container-s-name"), image);
        assertEquals(3, Files.getAttribute(image, "unix:nlink"));
        assertEquals(1, c.call(Sysno.STAT, args(0, 0), path("/etc/motd")).stat(0).nlink());
        assertEquals(0, c.ret(Sysno.LINK, args(0, 0), path("/etc/motd"), path("/etc/motd2")));
        assertEquals(2, c.call(Sysno.STAT, args(0, 0), path("/etc/motd")).stat(0).nlink());
    }

    @Test
    void openForWritingCopiesFirst() throws IOException {
        ReceivedReply w = open("/etc/motd", Flags.O_WRONLY | Flags.O_TRUNC);
        c.write(w.fd(), "mine\n");
        w.closeFds();
        assertEquals("mine\n", Files.readString(mine));
        assertImageUntouched();
    }

    @Test
    void metadataChangesCopyFirst() throws IOException {
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 0600), path("/etc/motd")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
        assertEquals(IMAGE_TEXT, Files.readString(mine), "the copy has the content");
        assertImageUntouched();
    }

    /** The copy keeps the file's extended attributes: the guest's user.* and Lamina's metadata (user.lamina.*). */
    @Test
    void theCopyKeepsTheFilesExtendedAttributes() throws IOException {
        var attrs = Files.getFileAttributeView(image, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        attrs.write("test", java.nio.ByteBuffer.wrap("from the image".getBytes()));
        attrs.write("lamina.trusted.note", java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 0600), path("/etc/motd")));
        var copied = Files.getFileAttributeView(mine, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        assertEquals(java.util.List.of("lamina.trusted.note", "test"), copied.list().stream().sorted().toList());
        java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(64);
        copied.read("test", value);
        assertEquals("from the image", new String(value.array(), 0, value.position()));
        assertImageUntouched();
    }

    @Test
    void truncateCopiesFirst() throws IOException {
        assertEquals(0, c.ret(Sysno.TRUNCATE, args(0, 4), path("/etc/motd")));
        assertEquals("from", Files.readString(mine));
        assertImageUntouched();
    }

    /** A descriptor opened to read is the image's file: reopened for writing through
     * /proc/self/fd it must reach the container's copy, not the file it holds. */
    @Test
    void aReopenForWritingThroughProcSelfFdReachesTheCopy() throws IOException {
        ReceivedReply r = open("/etc/motd", Flags.O_RDONLY);
        ReceivedReply w = open("/proc/self/fd/" + r.fd(), Flags.O_WRONLY | Flags.O_TRUNC);
        c.write(w.fd(), "through the reopen\n");
        w.closeFds();
        assertEquals("through the reopen\n", Files.readString(mine));
        assertImageUntouched();
        assertEquals(IMAGE_TEXT, c.read(r.fd()), "the old descriptor still holds the image's file");
        r.closeFds();
    }

    @Test
    void aReopenForReadingIsTheSameFile() throws IOException {
        ReceivedReply r = open("/etc/motd", Flags.O_RDONLY);
        ReceivedReply again = open("/dev/fd/" + r.fd(), Flags.O_RDONLY);
        assertEquals(IMAGE_TEXT, c.read(again.fd()));
        again.closeFds();
        r.closeFds();
        assertEquals(2, Files.getAttribute(image, "unix:nlink"));
    }

    /** echo a>f; ln f g; echo b>f; cat g: b, as on Linux; chmod and utimes through one name show through the other. */
    @Test
    void theContainersOwnHardLinksStayOneFile() throws IOException {
        open("/f", Flags.O_WRONLY | Flags.O_CREAT | Flags.O_TRUNC).closeFds();
        assertEquals(0, c.ret(Sysno.LINK, args(0, 0), path("/f"), path("/g")));
        ReceivedReply w = open("/f", Flags.O_WRONLY | Flags.O_TRUNC);
        c.write(w.fd(), "b\n");
        w.closeFds();
        assertEquals("b\n", c.content("/g"));
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 0640), path("/f")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.root.resolve("g"))));
        // utimes(f, {1000000000 s, 1000000000 s})
        byte[] times = new byte[32];
        java.nio.ByteBuffer.wrap(times).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000_000L).putLong(16, 1_000_000_000L);
        assertEquals(0, c.ret(Sysno.UTIMES, args(0, 0), path("/f"), times));
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(c.root.resolve("g")).toMillis());
        assertEquals(2, Files.getAttribute(c.root.resolve("g"), "unix:nlink"));
    }

    /** A link to the image's file: the file is copied up first, and the two names are the container's one file. */
    @Test
    void aLinkToAnImageFileIsALinkToTheContainersCopy() throws IOException {
        assertEquals(0, c.ret(Sysno.LINK, args(0, 0), path("/etc/motd"), path("/motd2")));
        assertImageUntouched();
        ReceivedReply w = open("/motd2", Flags.O_WRONLY | Flags.O_APPEND);
        c.write(w.fd(), "more\n");
        w.closeFds();
        assertEquals(IMAGE_TEXT + "more\n", c.content("/etc/motd"));
        assertImageUntouched();
    }

    /** A root of the user's own (--rootfs) shares nothing: a file with links outside it changes in place, as under chroot. */
    @Test
    void aRootOfTheUsersOwnIsChangedInPlace() throws IOException {
        c.close();
        try (TestContainer own = new TestContainer(dir, PortPlan.HOST_NETWORK, null)) {
            assertEquals(0, own.ret(Sysno.CHMOD, args(0, 0600), path("/etc/motd")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));
        }
    }
}
