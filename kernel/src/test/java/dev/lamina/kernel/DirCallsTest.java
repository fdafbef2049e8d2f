package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The working directory and the root: chdir, fchdir, getcwd, chroot, and paths relative to them. */
class DirCallsTest extends ContainerTest {

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(c.root.resolve("usr/lib"));
        Files.writeString(c.root.resolve("usr/lib/file"), "x");
    }

    private String getcwd() {
        ReceivedReply r = c.call(Sysno.GETCWD, args(0, 4096));
        assertEquals(r.string(0).length() + 1, r.ret(), "getcwd counts the NUL");
        return r.string(0);
    }

    private long chdir(String path) {
        return c.ret(Sysno.CHDIR, args(0), path(path));
    }

    @Test
    void chdirMovesTheCwdAndRelativePathsFollow() {
        assertEquals("/", getcwd());
        assertEquals(0, chdir("/usr/lib"));
        assertEquals("/usr/lib", getcwd());
        assertEquals(1, c.call(Sysno.STAT, args(0, 0), path("file")).stat(0).size());
        assertEquals(0, chdir("../../../.."));
        assertEquals("/", getcwd());
        assertEquals(0, chdir("usr"));
        assertEquals("/usr", getcwd());
    }

    @Test
    void chdirRefusesWhatIsNoDirectory() {
        assertEquals(-Errno.ENOTDIR, chdir("/usr/lib/file"));
        assertEquals(-Errno.ENOENT, chdir("/missing"));
        assertEquals("/", getcwd());
    }

    @Test
    void getcwdNeedsRoomForTheNul() {
        chdir("/usr");
        assertEquals(-Errno.ERANGE, c.ret(Sysno.GETCWD, args(0, 4)));
        assertEquals(5, c.ret(Sysno.GETCWD, args(0, 5)));
    }

    /** fchdir's directory travels as the descriptor and is placed by what it is, not by a name. */
    @Test
    void fchdirFollowsTheDirectoryItself() throws IOException {
        ReceivedReply lib = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_DIRECTORY | Flags.O_RDONLY, 0), path("/usr/lib"));
        assertEquals(0, lib.ret());
        Files.move(c.root.resolve("usr/lib"), c.root.resolve("usr/lib64"));
        assertEquals(0, c.channel.request(Sysno.FCHDIR, args(lib.fd()), new byte[0][], lib.fd()).ret());
        assertEquals("/usr/lib64", getcwd());
        lib.closeFds();
    }

    @Test
    void fchdirToADirectoryOutsideIsRefused() throws IOException {
        long fd = c.host.syscall(Sysno.OPEN, c.host.cstring(c.outside.toString()).address(), Flags.O_DIRECTORY | Flags.O_CLOEXEC, 0);
        c.host.release();
        assertEquals(-Errno.EACCES, c.channel.request(Sysno.FCHDIR, args(fd), new byte[0][], (int) fd).ret());
        c.close((int) fd);
        assertEquals("/", getcwd());
    }

    private long chroot(String path) {
        return c.ret(Sysno.CHROOT, args(0), path(path));
    }

    /** After chroot, absolute paths, `..` and absolute links start from the new root; the cwd stays where it was. */
    @Test
    void chrootMovesTheRootOfEveryPath() throws IOException {
        Files.createDirectories(c.root.resolve("jail/only-in"));
        Files.createDirectories(c.root.resolve("only-out"));
        Files.createSymbolicLink(c.root.resolve("jail/abs"), java.nio.file.Path.of("/only-in"));
        assertEquals(0, chroot("/jail"));
        assertEquals("(unreachable)/", getcwd());
        assertEquals(0, chdir("/"));
        assertEquals("/", getcwd());
        assertEquals(-Errno.ENOENT, chdir("/only-out"));
        assertEquals(-Errno.ENOENT, chdir("../../only-out"));
        assertEquals(0, chdir("/../../only-in"));
        assertEquals("/only-in", getcwd());
        assertEquals(0, chdir("/abs/.."));
        assertEquals("/", getcwd());
        assertEquals(0, chdir("abs"));
        assertEquals("/only-in", getcwd());
        // Again, from inside: nested, relative to the root it has.
        assertEquals(0, chroot("/only-in"));
        assertEquals(-Errno.ENOENT, chdir("/abs"));
    }

    @Test
    void chrootIsCheckedAsLinuxChecksIt() throws IOException {
        assertEquals(-Errno.ENOENT, chroot("/nowhere"));
        assertEquals(-Errno.ENOTDIR, chroot("/usr/lib/file"));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(-Errno.EPERM, chroot("/usr"));
        assertEquals(0, chdir("/usr/lib"));
        assertEquals("/usr/lib", getcwd());
    }
}
