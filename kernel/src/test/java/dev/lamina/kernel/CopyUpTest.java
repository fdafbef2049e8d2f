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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A container's files are hard links to the image's: the kernel copies one
 * before any change, so the image's link (here a file beside the root) never
 * changes, whatever path or descriptor the change comes through.
 */
class CopyUpTest extends ContainerTest {
    private static final String IMAGE_TEXT = "from the image\n";

    private Path image, mine;

    @BeforeEach
    void setUp() throws IOException {
        image = c.outside.resolve("motd");
        Files.writeString(image, IMAGE_TEXT);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(c.root.resolve("etc"));
        mine = Files.createLink(c.root.resolve("etc/motd"), image);
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
}
