package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container's /dev: the host's harmless devices, links into /proc/self/fd,
 * its own ptys only, and a writable shm; nothing else in it can be changed. */
class DevFsTest extends ContainerTest {
    /** Each device and its major and minor numbers (Linux's devices.txt). */
    private static final Map<String, int[]> DEVICES = Map.of("null", new int[] {1, 3}, "zero", new int[] {1, 5},
            "full", new int[] {1, 7}, "random", new int[] {1, 8}, "urandom", new int[] {1, 9},
            "tty", new int[] {5, 0}, "ptmx", new int[] {5, 2});


    private ReceivedReply open(String path, int flags) {
        return c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, flags, 0666), path(path));
    }

    private long openResult(String path, int flags) {
        ReceivedReply r = open(path, flags);
        r.closeFds();
        return r.ret();
    }

    /** st_rdev as the stat syscall encodes a device number. */
    private static long rdev(int major, int minor) {
        return (minor & 0xff) | ((long) major << 8) | ((long) (minor & ~0xff) << 12);
    }

    @Test
    void theDevicesAreTheHosts() {
        for (Map.Entry<String, int[]> d : DEVICES.entrySet()) {
            GuestStat st = c.call(Sysno.STAT, args(0, 0), path("/dev/" + d.getKey())).stat(0);
            assertEquals(Flags.S_IFCHR, st.type(), d.getKey());
            assertEquals(rdev(d.getValue()[0], d.getValue()[1]), st.rdev(), d.getKey());
        }
        assertEquals(-Errno.ENOENT, c.ret(Sysno.STAT, args(0, 0), path("/dev/sda")));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.STAT, args(0, 0), path("/dev/mem")));
    }

    @Test
    void theDevicesWork() {
        ReceivedReply nul = open("/dev/null", Flags.O_WRONLY);
        c.write(nul.fd(), "gone");
        nul.closeFds();
        ReceivedReply zero = open("/dev/zero", Flags.O_RDONLY);
        assertTrue(c.read(zero.fd()).chars().allMatch(ch -> ch == 0));
        zero.closeFds();
        assertEquals(0, openResult("/dev/urandom", Flags.O_RDONLY));
    }

    @Test
    void stdioLinksLeadIntoProcSelfFd() {
        Map<String, String> links = Map.of("fd", "/proc/self/fd", "stdin", "/proc/self/fd/0",
                "stdout", "/proc/self/fd/1", "stderr", "/proc/self/fd/2");
        for (Map.Entry<String, String> l : links.entrySet()) {
            ReceivedReply r = c.call(Sysno.READLINK, args(0, 0, 100), path("/dev/" + l.getKey()));
            assertEquals(l.getValue(), r.string(0), l.getKey());
            assertEquals(Flags.S_IFLNK, c.call(Sysno.LSTAT, args(0, 0), path("/dev/" + l.getKey())).stat(0).type());
        }
    }

    @Test
    void shmIsWritable() {
        assertEquals(0, openResult("/dev/shm/segment", Flags.O_CREAT | Flags.O_RDWR));
        assertEquals(0, c.ret(Sysno.MKDIR, args(0, 0777), path("/dev/shm/dir")));
        assertEquals(0, c.ret(Sysno.RENAME, args(0, 0), path("/dev/shm/segment"), path("/dev/shm/dir/moved")));
        assertEquals(0, c.ret(Sysno.UNLINK, args(0), path("/dev/shm/dir/moved")));
        assertEquals(01777, c.call(Sysno.STAT, args(0, 0), path("/dev/shm")).stat(0).permissions());
    }

    /** /dev takes root's own names, as Docker's tmpfs, but not over its devices and links, nor in devpts. */
    @Test
    void devTakesRootsNamesButKeepsItsOwn() {
        assertEquals(0, openResult("/dev/new", Flags.O_CREAT | Flags.O_WRONLY));
        assertEquals(0, c.ret(Sysno.MKDIR, args(0, 0777), path("/dev/dir")));
        assertEquals(0, c.ret(Sysno.MKNOD, args(0, Flags.S_IFIFO | 0666, 0), path("/dev/fifo")));
        assertEquals(0, c.ret(Sysno.SYMLINK, args(0, 0), path("/etc"), path("/dev/link")));
        assertEquals(-Errno.EACCES, openResult("/dev/pts/new", Flags.O_CREAT | Flags.O_WRONLY));
        assertEquals(-Errno.EEXIST, c.ret(Sysno.MKDIR, args(0, 0777), path("/dev/null")));
        assertEquals(-Errno.EISDIR, c.ret(Sysno.UNLINK, args(0), path("/dev/shm")));
        assertEquals(-Errno.EBUSY, c.ret(Sysno.RMDIR, args(0), path("/dev/shm")), "a mount point, as Docker's");
        assertEquals(-Errno.EACCES, c.ret(Sysno.UNLINK, args(0), path("/dev/null")));
        assertEquals(-Errno.EXDEV, c.ret(Sysno.RENAME, args(0, 0), path("/dev/fd"), path("/dev/shm/fd")), "two mounts, as Linux says first");
        assertEquals(-Errno.EPERM, c.ret(Sysno.CHMOD, args(0, 0600), path("/dev/zero")));
        // Another user may not write /dev (root's, 0755): its mount points are refused as such first.
        assertEquals(0, c.ret(Sysno.SETUID, args(1000)));
        assertEquals(-Errno.EACCES, openResult("/dev/mine", Flags.O_CREAT | Flags.O_WRONLY));
        assertEquals(-Errno.EACCES, c.ret(Sysno.UNLINK, args(0), path("/dev/shm")));
        assertEquals(-Errno.EACCES, c.ret(Sysno.RMDIR, args(0), path("/dev/shm")));
    }

    /** A pty the container made through /dev/ptmx opens; one of the host user's does not. */
    @Test
    void onlyTheContainersOwnPtysOpen() {
        ReceivedReply ptmx = open("/dev/ptmx", Flags.O_RDWR | Flags.O_NOCTTY);
        assertEquals(0, ptmx.ret());
        int mine = ptyNumber(ptmx.fd());
        long hostPtmx = c.host.syscall(Sysno.OPEN, c.host.cstring("/dev/ptmx").address(), Flags.O_RDWR | Flags.O_NOCTTY | Flags.O_CLOEXEC, 0);
        c.host.release();
        assertTrue(hostPtmx >= 0);
        int hosts = ptyNumber((int) hostPtmx);
        assertEquals(0, openResult("/dev/pts/" + mine, Flags.O_RDWR | Flags.O_NOCTTY));
        if (c.kernel.hostUid() == 0) {
            GuestStat st = c.call(Sysno.STAT, args(0, 0), path("/dev/pts/" + mine)).stat(0);
            assertEquals(List.of(0620, 5), List.of(st.mode() & 07777, st.gid()), "as Docker's devpts (mode=620,gid=5)");
        }
        // another pty of the host user's, which the host would open: not there, and opening it
        // for writing is refused as making a file in /dev would be
        assertEquals(-Errno.ENOENT, c.ret(Sysno.STAT, args(0, 0), path("/dev/pts/" + hosts)));
        assertEquals(-Errno.ENOENT, openResult("/dev/pts/" + hosts, Flags.O_RDONLY | Flags.O_NOCTTY));
        assertEquals(-Errno.EACCES, openResult("/dev/pts/" + hosts, Flags.O_RDWR | Flags.O_NOCTTY));
        c.close((int) hostPtmx);
        ptmx.closeFds();
    }

    /** /dev/pts lists ptmx and the ptys the container may open, not the host user's others. */
    @Test
    void ptsListsTheContainersOwnTerminals() {
        ReceivedReply ptmx = open("/dev/pts/ptmx", Flags.O_RDWR | Flags.O_NOCTTY);
        assertEquals(0, ptmx.ret());
        int mine = ptyNumber(ptmx.fd());
        long hostPtmx = c.host.syscall(Sysno.OPEN, c.host.cstring("/dev/ptmx").address(), Flags.O_RDWR | Flags.O_NOCTTY | Flags.O_CLOEXEC, 0);
        c.host.release();
        int hosts = ptyNumber((int) hostPtmx);
        ReceivedReply pts = open("/dev/pts", Flags.O_RDONLY | Flags.O_DIRECTORY);
        assertEquals(0, pts.ret());
        java.util.List<String> names = java.util.Arrays.asList(new java.io.File("/proc/self/fd/" + pts.fd()).list());
        pts.closeFds();
        assertTrue(names.contains("ptmx") && names.contains(Integer.toString(mine)), names.toString());
        assertTrue(!names.contains(Integer.toString(hosts)), names.toString());
        assertEquals(0, openResult("/dev/pts/" + mine, Flags.O_RDWR | Flags.O_NOCTTY));
        assertEquals(rdev(5, 2), c.call(Sysno.STAT, args(0, 0), path("/dev/pts/ptmx")).stat(0).rdev());
        c.close((int) hostPtmx);
        ptmx.closeFds();
    }

    /** ioctl TIOCSPTLCK (unlockpt): a new pty's follower side opens (EIO before) once unlocked. */
    private static final int TIOCSPTLCK = 0x40045431;

    /** The number of the pty behind a leader descriptor, unlocked for its follower to open. */
    private int ptyNumber(int ptmx) {
        MemorySegment n = c.host.scratch(4);
        assertEquals(0, c.host.syscall(Sysno.IOCTL, ptmx, TIOCSPTLCK, n.address()));
        assertEquals(0, c.host.syscall(Sysno.IOCTL, ptmx, Flags.TIOCGPTN, n.address()));
        int number = n.get(ValueLayout.JAVA_INT, 0);
        c.host.release();
        return number;
    }
}
