package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.rootfs.DeviceXattr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mknod of devices: a marked file that stats as the device and opens as the one /dev serves for its number, if any. */
class DeviceNodesTest extends ContainerTest {
    @BeforeEach
    void tmp() throws IOException {
        Files.createDirectories(c.root.resolve("tmp"));
    }

    private long mknod(String path, int mode, int major, int minor) {
        return c.ret(Sysno.MKNOD, args(0, mode, Flags.makedev(major, minor)), path(path));
    }

    private GuestStat stat(String path) {
        ReceivedReply r = c.call(Sysno.LSTAT, args(0, 0), path(path));
        assertEquals(0, r.ret(), path);
        return r.stat(0);
    }

    private ReceivedReply open(String path, int flags) {
        return c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, flags, 0666), path(path));
    }

    @Test
    void aDeviceStatsAsTheDevice() {
        c.ret(Sysno.UMASK, args(022));
        assertEquals(0, mknod("/tmp/null", Flags.S_IFCHR | 0666, 1, 3));
        GuestStat st = stat("/tmp/null");
        assertEquals(Flags.S_IFCHR, st.type());
        assertEquals(0644, st.permissions(), "the umask applies, as to any mknod");
        assertEquals(Flags.makedev(1, 3), st.rdev());
        assertEquals(0, mknod("/tmp/disk", Flags.S_IFBLK | 0660, 259, 300));
        assertEquals(Flags.S_IFBLK, stat("/tmp/disk").type());
        assertEquals(Flags.makedev(259, 300), stat("/tmp/disk").rdev());
        assertEquals(-Errno.EEXIST, mknod("/tmp/null", Flags.S_IFCHR | 0666, 1, 3));
        assertTrue(Files.isRegularFile(c.root.resolve("tmp/disk"), LinkOption.NOFOLLOW_LINKS), "no device on the host");
        assertEquals(0, c.ret(Sysno.RENAME, args(0, 0), path("/tmp/disk"), path("/tmp/moved")));
        assertEquals(Flags.S_IFBLK, stat("/tmp/moved").type());
        assertEquals(0, c.ret(Sysno.UNLINK, args(0), path("/tmp/moved")));
    }

    @Test
    void aKnownDeviceOpensAsItsDevice() {
        assertEquals(0, mknod("/tmp/zero", Flags.S_IFCHR | 0666, 1, 5));
        ReceivedReply zero = open("/tmp/zero", Flags.O_RDONLY);
        assertEquals(0, zero.ret());
        assertTrue(!c.read(zero.fd()).isEmpty() && c.read(zero.fd()).chars().allMatch(ch -> ch == 0));
        zero.closeFds();
        assertEquals(0, mknod("/tmp/null", Flags.S_IFCHR | 0666, 1, 3));
        ReceivedReply nul = open("/tmp/null", Flags.O_WRONLY | Flags.O_CREAT | Flags.O_TRUNC);
        assertEquals(0, nul.ret());
        c.write(nul.fd(), "gone");
        nul.closeFds();
        assertEquals(0, stat("/tmp/null").size());
        assertEquals(Flags.S_IFCHR, stat("/tmp/null").type(), "still the device");
    }

    /** Docker's device cgroup: a device the container may not use is refused with EPERM; block devices are all such. */
    @Test
    void anyOtherDeviceIsRefused() {
        assertEquals(0, mknod("/tmp/sda", Flags.S_IFBLK | 0660, 8, 0));
        assertEquals(0, mknod("/tmp/mem", Flags.S_IFCHR | 0640, 1, 1));
        for (String p : new String[] {"/tmp/sda", "/tmp/mem"}) {
            ReceivedReply r = open(p, Flags.O_RDONLY);
            r.closeFds();
            assertEquals(-Errno.EPERM, r.ret(), p);
        }
        ReceivedReply path = open("/tmp/sda", Flags.O_PATH);
        path.closeFds();
        assertEquals(0, path.ret(), "O_PATH opens the node itself");
    }

    /** Only root makes devices (CAP_MKNOD); anyone makes fifos, which are the host's. */
    @Test
    void devicesAreRootsFifosAnyones() throws IOException {
        Files.setAttribute(c.root.resolve("tmp"), "unix:mode", 01777);
        assertEquals(0, mknod("/tmp/fifo", Flags.S_IFIFO | 0600, 0, 0));
        assertEquals(Flags.S_IFIFO, stat("/tmp/fifo").type());
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(-Errno.EPERM, mknod("/tmp/null", Flags.S_IFCHR | 0666, 1, 3));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.LSTAT, args(0, 0), path("/tmp/null")));
        assertEquals(0, mknod("/tmp/fifo2", Flags.S_IFIFO | 0600, 0, 0));
        assertEquals(1000, stat("/tmp/fifo2").uid());
    }

    /** A device the image records is such a file too; a guest cannot make one by setting the mark itself. */
    @Test
    void theMarkIsTheKernels() throws IOException {
        Path f = Files.createFile(c.root.resolve("tmp/tty"));
        DeviceXattr.write(f, new DeviceXattr.Device(DeviceXattr.S_IFCHR, 5, 0));
        assertEquals(Flags.S_IFCHR, stat("/tmp/tty").type());
        assertEquals(Flags.makedev(5, 0), stat("/tmp/tty").rdev());
        byte[] value = DeviceXattr.encode(new DeviceXattr.Device(DeviceXattr.S_IFCHR, 1, 3));
        Files.createFile(c.root.resolve("tmp/plain"));
        assertEquals(-Errno.EPERM, c.ret(Sysno.SETXATTR, args(0, 0, 0, value.length, 0), path("/tmp/plain"),
                path(DeviceXattr.NAME), value));
        assertEquals(Flags.S_IFREG, stat("/tmp/plain").type());
    }
}
