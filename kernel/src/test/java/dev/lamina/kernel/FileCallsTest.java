package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls that name files, served over a channel on a root of plain host files. */
class FileCallsTest extends ContainerTest {
    private static final int AT_FDCWD = Flags.AT_FDCWD;
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n";

    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = c.root;
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/passwd"), PASSWD);
        Files.writeString(root.resolve("file"), "0123456789");
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/passwd"));
        Files.writeString(c.outside.resolve("secret"), "host\n");
    }

    private ReceivedReply openat(String path, int flags, int mode) {
        return c.call(Sysno.OPENAT, args(AT_FDCWD, 0, flags, mode), path(path));
    }

    /** An openat's result: the errno, or 0 with the fd closed. */
    private long openatResult(String path, int flags) {
        ReceivedReply r = openat(path, flags, 0644);
        r.closeFds();
        return r.ret();
    }


    private GuestStat stat(int op, String path) {
        ReceivedReply r = c.call(op, args(0, 0), path(path));
        assertEquals(0, r.ret(), path);
        return r.stat(0);
    }

    private long umask(int mask) {
        return c.ret(Sysno.UMASK, args(mask));
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void openCreatesWithTheModeLessTheUmaskAndHandsOverAUsableFd() throws IOException {
        assertEquals(022, umask(027));
        ReceivedReply r = openat("/new", Flags.O_CREAT | Flags.O_WRONLY | Flags.O_CLOEXEC, 0666);
        assertEquals(0, r.ret());
        assertEquals(Protocol.REPLY_CLOEXEC, r.flags() & Protocol.REPLY_CLOEXEC);
        c.write(r.fd(), "written");
        r.closeFds();
        assertEquals("written", Files.readString(root.resolve("new")));
        assertEquals("rw-r-----", perms(root.resolve("new")));
        ReceivedReply plain = openat("/new", Flags.O_RDONLY, 0);
        assertEquals(0, plain.flags() & Protocol.REPLY_CLOEXEC, "close-on-exec only when asked");
        plain.closeFds();
    }

    /** O_PATH|O_NOFOLLOW opens a symlink itself; with O_PATH, flags that mean nothing with it (musl's
     * O_LARGEFILE, 0100000 on x86_64) are dropped as open(2) drops them (the host's openat2 refuses them). */
    @Test
    void oPathNoFollowOpensTheLinkItself() {
        ReceivedReply r = openat("/abs", Flags.O_PATH | Flags.O_NOFOLLOW | 0100000 | Flags.O_RDWR, 0);
        assertEquals(0, r.ret());
        assertEquals(root.resolve("abs"), Path.of(dev.lamina.kernel.host.HostPaths.readlink(c.host, "/proc/self/fd/" + r.fd())),
                "the link, not its target");
        r.closeFds();
    }

    @Test
    void openFlagsAreHonoured() throws IOException {
        assertEquals(-Errno.EEXIST, openatResult("/file", Flags.O_CREAT | Flags.O_EXCL | Flags.O_WRONLY));
        assertEquals(-Errno.ENOTDIR, openatResult("/file", Flags.O_DIRECTORY));
        assertEquals(-Errno.ELOOP, openatResult("/abs", Flags.O_NOFOLLOW));
        assertEquals(-Errno.ENOENT, openatResult("/missing", Flags.O_RDONLY));
        assertEquals(0, openatResult("/file", Flags.O_WRONLY | Flags.O_TRUNC));
        assertEquals("", Files.readString(root.resolve("file")));
        ReceivedReply append = openat("/etc/passwd", Flags.O_WRONLY | Flags.O_APPEND, 0);
        c.write(append.fd(), "more\n");
        append.closeFds();
        assertEquals(PASSWD + "more\n", Files.readString(root.resolve("etc/passwd")));
        // open (not openat) takes its flags and mode one argument earlier
        assertEquals(0, c.ret(Sysno.OPEN, args(0, Flags.O_CREAT | Flags.O_WRONLY, 0600), path("/via-open")));
        assertEquals("rw-------", perms(root.resolve("via-open")));
    }

    @Test
    void openatFollowsTheDirectoryDescriptorSent() {
        ReceivedReply etc = openat("/etc", Flags.O_DIRECTORY | Flags.O_RDONLY, 0);
        assertEquals(0, etc.ret());
        ReceivedReply r = c.channel.request(Sysno.OPENAT, args(etc.fd(), 0, Flags.O_RDONLY, 0),
                new byte[][] {path("passwd")}, etc.fd());
        assertEquals(0, r.ret());
        assertEquals(PASSWD, c.read(r.fd()));
        r.closeFds();
        etc.closeFds();
    }

    @Test
    void statLstatAndNewfstatatTellLinksFromTargets() {
        assertEquals(Flags.S_IFREG, stat(Sysno.STAT, "/abs").type());
        assertEquals(PASSWD.length(), stat(Sysno.STAT, "/abs").size());
        assertEquals(Flags.S_IFLNK, stat(Sysno.LSTAT, "/abs").type());
        ReceivedReply noFollow = c.call(Sysno.NEWFSTATAT, args(AT_FDCWD, 0, 0, Flags.AT_SYMLINK_NOFOLLOW), path("/abs"));
        assertEquals(Flags.S_IFLNK, noFollow.stat(0).type());
        ReceivedReply follow = c.call(Sysno.NEWFSTATAT, args(AT_FDCWD, 0, 0, 0), path("/abs"));
        assertEquals(Flags.S_IFREG, follow.stat(0).type());
        assertEquals(Flags.S_IFDIR, stat(Sysno.STAT, "/usr/lib").type());
        assertEquals(-Errno.ENOENT, c.ret(Sysno.STAT, args(0, 0), path("/missing")));
        assertEquals(-Errno.ENOTDIR, c.ret(Sysno.STAT, args(0, 0), path("/file/x")));
    }

    /** The host user's files are root's inside; a chown shows as given whether the host
     * could really chown (root) or the owner is kept in an xattr (any other user). */
    @Test
    void ownersShowAsTheGuestSeesThem() throws IOException {
        GuestStat mine = stat(Sysno.STAT, "/file");
        assertEquals(0, mine.uid());
        assertEquals(0, mine.gid());
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, 1000, 1001), path("/file")));
        GuestStat chowned = stat(Sysno.STAT, "/file");
        assertEquals(1000, chowned.uid());
        assertEquals(1001, chowned.gid());
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, -1, 1002), path("/file")));
        assertEquals(1000, stat(Sysno.STAT, "/file").uid(), "-1 keeps the owner");
        assertEquals(1002, stat(Sysno.STAT, "/file").gid());
        int hostOwner = (int) Files.getAttribute(root.resolve("file"), "unix:uid");
        if (c.kernel.hostUid() == 0) assertEquals(1000, hostOwner, "as root the chown is real");
        else assertEquals(c.kernel.hostUid(), hostOwner, "as another user the file stays the host user's");
    }

    @Test
    void chownIsForPrivilegedGuestsOnly() {
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(-Errno.EPERM, c.ret(Sysno.CHOWN, args(0, 1000, 1000), path("/file")));
        assertEquals(0, stat(Sysno.STAT, "/file").uid());
    }

    /** chmod g+s by an owner outside the file's group drops the set-group-ID bit, as Linux does. */
    @Test
    void setGidNeedsTheFilesGroup() {
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, 1000, 3000), path("/file")));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 02755), path("/file")));
        assertEquals(0755, stat(Sysno.STAT, "/file").mode() & 07777);
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, -1, 0), path("/file")), "its own group");
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 02755), path("/file")));
        assertEquals(02755, stat(Sysno.STAT, "/file").mode() & 07777);
    }

    /** An owner other than root gives its file its own (filesystem) group, keeps itself as owner,
     * and nothing else. */
    @Test
    void anOwnerChangesItsFilesGroupToItsOwn() {
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, 1000, 1000), path("/file")));
        assertEquals(0, c.ret(Sysno.SETRESGID, args(1000, 1500, 1000)));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, -1, 1500), path("/file")));
        assertEquals(1500, stat(Sysno.STAT, "/file").gid());
        assertEquals(0, c.ret(Sysno.CHOWN, args(0, 1000, 1500), path("/file")), "itself and its group");
        assertEquals(-Errno.EPERM, c.ret(Sysno.CHOWN, args(0, -1, 1000), path("/file")), "its real group only");
        assertEquals(-Errno.EPERM, c.ret(Sysno.CHOWN, args(0, -1, 3000), path("/file")), "a group it is not in");
        assertEquals(-Errno.EPERM, c.ret(Sysno.CHOWN, args(0, 0, -1), path("/file")), "giving it away");
        assertEquals(1500, stat(Sysno.STAT, "/file").gid());
    }

    @Test
    void accessChecksExecuteBitsAndForOtherUsersTheOtherBits() throws IOException {
        Files.setPosixFilePermissions(root.resolve("file"), PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, c.ret(Sysno.ACCESS, args(0, Flags.F_OK), path("/file")));
        assertEquals(0, c.ret(Sysno.ACCESS, args(0, Flags.R_OK | Flags.W_OK), path("/file")));
        assertEquals(-Errno.EACCES, c.ret(Sysno.ACCESS, args(0, Flags.X_OK), path("/file")));
        assertEquals(0, c.ret(Sysno.ACCESS, args(0, Flags.X_OK), path("/usr/lib")));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.ACCESS, args(0, Flags.F_OK), path("/missing")));
        assertEquals(0, c.ret(Sysno.FACCESSAT, args(AT_FDCWD, 0, Flags.R_OK), path("/abs")));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(-Errno.EACCES, c.ret(Sysno.ACCESS, args(0, Flags.R_OK), path("/file")));
        assertEquals(0, c.ret(Sysno.ACCESS, args(0, Flags.R_OK), path("/etc/passwd")));
    }

    @Test
    void readlinkGivesTheTargetCutToTheBuffer() {
        ReceivedReply r = c.call(Sysno.READLINK, args(0, 0, 100), path("/abs"));
        assertEquals("/etc/passwd".length(), r.ret());
        assertEquals("/etc/passwd", r.string(0));
        ReceivedReply cut = c.call(Sysno.READLINK, args(0, 0, 4), path("/abs"));
        assertEquals(4, cut.ret());
        assertEquals("/etc", cut.string(0));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.READLINK, args(0, 0, 100), path("/file")));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.READLINK, args(0, 0, 0), path("/abs")));
        assertEquals("/etc/passwd".length(), c.ret(Sysno.READLINKAT, args(AT_FDCWD, 0, 0, 100), path("/abs")));
    }

    @Test
    void mkdirUsesTheUmask() throws IOException {
        assertEquals(0, c.ret(Sysno.MKDIR, args(0, 0777), path("/d")));
        assertEquals("rwxr-xr-x", perms(root.resolve("d")));
        assertEquals(-Errno.EEXIST, c.ret(Sysno.MKDIR, args(0, 0777), path("/d")));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.MKDIR, args(0, 0777), path("/no/d")));
        umask(077);
        assertEquals(0, c.ret(Sysno.MKDIRAT, args(AT_FDCWD, 0, 0777), path("/d/e")));
        assertEquals("rwx------", perms(root.resolve("d/e")));
    }

    /** Fifos are the host's; devices are no host device (DeviceNodesTest). */
    @Test
    void mknodMakesFifosButNoHostDevices() throws IOException {
        assertEquals(0, c.ret(Sysno.MKNOD, args(0, Flags.S_IFIFO | 0644, 0), path("/fifo")));
        assertEquals(Flags.S_IFIFO, stat(Sysno.LSTAT, "/fifo").type());
        assertTrue((((Integer) Files.getAttribute(root.resolve("fifo"), "unix:mode")) & Flags.S_IFMT) == Flags.S_IFIFO);
        assertEquals(0, c.ret(Sysno.MKNOD, args(0, Flags.S_IFCHR | 0666, 0x103), path("/null")));
        assertEquals(0, c.ret(Sysno.MKNODAT, args(AT_FDCWD, 0, Flags.S_IFBLK | 0666, 0x801), path("/sda")));
        assertEquals(Flags.S_IFCHR, stat(Sysno.LSTAT, "/null").type());
        assertEquals(Flags.S_IFBLK, stat(Sysno.LSTAT, "/sda").type());
        assertTrue(Files.isRegularFile(root.resolve("null"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(root.resolve("sda"), LinkOption.NOFOLLOW_LINKS));
    }

    /** A trailing slash on the name unlink or rmdir removes does not follow a link there: Linux
     * looks at the name itself (and rmdir never removes the link's directory). */
    @Test
    void unlinkAndRmdirOfANameWithATrailingSlashLookAtTheNameItself() throws IOException {
        Files.createDirectories(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("ld"), Path.of("d"));
        assertEquals(-Errno.ENOTDIR, c.ret(Sysno.UNLINK, args(0), path("/ld/")));
        assertEquals(-Errno.ENOTDIR, c.ret(Sysno.RMDIR, args(0), path("/ld/")));
        assertEquals(-Errno.ENOTDIR, c.ret(Sysno.UNLINKAT, args(AT_FDCWD, 0, Flags.AT_REMOVEDIR), path("/ld//")));
        assertTrue(Files.isDirectory(root.resolve("d")), "the link's directory stays");
        assertEquals(-Errno.EISDIR, c.ret(Sysno.UNLINK, args(0), path("/d/")));
        assertEquals(-Errno.ENOTDIR, c.ret(Sysno.UNLINK, args(0), path("/file/")));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.UNLINK, args(0), path("/missing/")));
        assertTrue(Files.exists(root.resolve("file")) && Files.isSymbolicLink(root.resolve("ld")));
        assertEquals(0, c.ret(Sysno.RMDIR, args(0), path("/d/")));
    }

    @Test
    void unlinkAndRmdirRemoveTheirKindOnly() throws IOException {
        Files.createDirectories(root.resolve("empty"));
        assertEquals(-Errno.EISDIR, c.ret(Sysno.UNLINK, args(0), path("/empty")));
        assertEquals(-Errno.ENOTDIR, c.ret(Sysno.RMDIR, args(0), path("/file")));
        assertEquals(-Errno.ENOTEMPTY, c.ret(Sysno.RMDIR, args(0), path("/usr")));
        assertEquals(-Errno.EBUSY, c.ret(Sysno.RMDIR, args(0), path("/")));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.RMDIR, args(0), path("/empty/.")), "a last name of . is refused");
        assertEquals(-Errno.ENOTEMPTY, c.ret(Sysno.RMDIR, args(0), path("/empty/..")));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.UNLINKAT, args(AT_FDCWD, 0, Flags.AT_REMOVEDIR), path("/empty/./")));
        assertEquals(-Errno.EISDIR, c.ret(Sysno.UNLINK, args(0), path("/empty/.")));
        assertEquals(-Errno.EISDIR, c.ret(Sysno.OPEN, args(0, Flags.O_CREAT | Flags.O_WRONLY, 0600), path("/new/")),
                "O_CREAT with a trailing slash makes nothing");
        assertFalse(Files.exists(root.resolve("new")));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.LINKAT, args(AT_FDCWD, 0, AT_FDCWD, 0, 0x4000000), path("/file"), path("/h")),
                "unknown linkat flags");
        assertEquals(0, c.ret(Sysno.UNLINK, args(0), path("/file")));
        assertEquals(0, c.ret(Sysno.UNLINKAT, args(AT_FDCWD, 0, Flags.AT_REMOVEDIR), path("/empty")));
        assertEquals(0, c.ret(Sysno.UNLINK, args(0), path("/abs")));
        assertFalse(Files.exists(root.resolve("file")));
        assertFalse(Files.exists(root.resolve("empty")));
        assertTrue(Files.exists(root.resolve("etc/passwd")), "unlinking a symlink leaves its target");
    }

    @Test
    void renameAndRenameat2() throws IOException {
        assertEquals(0, c.ret(Sysno.RENAME, args(0, 0), path("/file"), path("/moved")));
        assertEquals("0123456789", Files.readString(root.resolve("moved")));
        assertFalse(Files.exists(root.resolve("file")));
        assertEquals(-Errno.EEXIST, c.ret(Sysno.RENAMEAT2, args(AT_FDCWD, 0, AT_FDCWD, 0, Flags.RENAME_NOREPLACE),
                path("/moved"), path("/etc/passwd")));
        assertEquals(PASSWD, Files.readString(root.resolve("etc/passwd")));
        assertEquals(0, c.ret(Sysno.RENAMEAT2, args(AT_FDCWD, 0, AT_FDCWD, 0, 0), path("/moved"), path("/etc/passwd")));
        assertEquals("0123456789", Files.readString(root.resolve("etc/passwd")));
        // /dev/shm is the kernel's own directory, another tree: as between mounts
        assertEquals(-Errno.EXDEV, c.ret(Sysno.RENAME, args(0, 0), path("/etc/passwd"), path("/dev/shm/passwd")));
    }

    @Test
    void linkAndSymlink() throws IOException {
        assertEquals(0, c.ret(Sysno.LINK, args(0, 0), path("/file"), path("/hard")));
        assertEquals(2, stat(Sysno.STAT, "/hard").nlink());
        assertEquals(Files.getAttribute(root.resolve("file"), "unix:ino"), Files.getAttribute(root.resolve("hard"), "unix:ino"));
        assertEquals(-Errno.EEXIST, c.ret(Sysno.LINK, args(0, 0), path("/file"), path("/hard")));
        assertEquals(-Errno.EXDEV, c.ret(Sysno.LINK, args(0, 0), path("/file"), path("/dev/shm/hard")));
        assertEquals(0, c.ret(Sysno.SYMLINK, args(0, 0), path("../etc/passwd"), path("/usr/rel")));
        assertEquals(Path.of("../etc/passwd"), Files.readSymbolicLink(root.resolve("usr/rel")));
        assertEquals(PASSWD, c.content("/usr/rel"));
        assertEquals(-Errno.EEXIST, c.ret(Sysno.SYMLINKAT, args(0, AT_FDCWD, 0), path("x"), path("/usr/rel")));
    }

    @Test
    void chmodFollowsLinksAndLeavesDevicesAlone() throws IOException {
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 0600), path("/abs")));
        assertEquals("rw-------", perms(root.resolve("etc/passwd")));
        assertEquals(0, c.ret(Sysno.FCHMODAT, args(AT_FDCWD, 0, 04751), path("/file")));
        assertEquals(04751, stat(Sysno.STAT, "/file").permissions());
        assertEquals(-Errno.EPERM, c.ret(Sysno.CHMOD, args(0, 0777), path("/dev/null")));
    }

    @Test
    void utimensatSetsTimes() throws IOException {
        MemorySegment times = MemorySegment.ofArray(new byte[Layouts.TIMESPEC_PAIR_SIZE]);
        times.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 1_000_000);
        times.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 2_000_000);
        assertEquals(0, c.ret(Sysno.UTIMENSAT, args(AT_FDCWD, 0, 0, 0), path("/file"), times.toArray(ValueLayout.JAVA_BYTE)));
        assertEquals(FileTime.fromMillis(2_000_000_000L), Files.getLastModifiedTime(root.resolve("file")));
        assertEquals(2_000_000, stat(Sysno.STAT, "/file").mtime());
        // NULL times: now
        assertEquals(0, c.ret(Sysno.UTIMENSAT, args(AT_FDCWD, 0, 0, 0), path("/file"), new byte[0]));
        assertTrue(Files.getLastModifiedTime(root.resolve("file")).toMillis() > System.currentTimeMillis() - 60_000);
    }

    @Test
    void truncateCutsTheFile() throws IOException {
        assertEquals(0, c.ret(Sysno.TRUNCATE, args(0, 3), path("/file")));
        assertEquals("012", Files.readString(root.resolve("file")));
        assertEquals(-Errno.EISDIR, c.ret(Sysno.TRUNCATE, args(0, 0), path("/usr")));
    }

    @Test
    void statfsDescribesTheFileSystemServingThePath() {
        ReceivedReply r = c.call(Sysno.STATFS, args(0, 0), path("/"));
        assertEquals(0, r.ret());
        assertEquals(Layouts.STATFS_SIZE, r.item(0).length, "one struct statfs");
        // the image root, as /proc/mounts lists it: Docker's overlay (the host's type before)
        assertEquals(Flags.OVERLAYFS_SUPER_MAGIC, fsType(r.item(0)));
        ReceivedReply proc = c.call(Sysno.STATFS, args(0, 0), path("/proc/meminfo"));
        assertEquals(Flags.PROC_SUPER_MAGIC, fsType(proc.item(0)));
        assertEquals(Flags.PROC_SUPER_MAGIC, fsType(c.call(Sysno.STATFS, args(0, 0), path("/proc/self")).item(0)));
        // A JVM tells cgroup v2 by this type, and reads its limits only then.
        ReceivedReply cgroup = c.call(Sysno.STATFS, args(0, 0), path("/sys/fs/cgroup"));
        assertEquals(Flags.CGROUP2_SUPER_MAGIC, fsType(cgroup.item(0)));
        assertEquals(Flags.ST_RDONLY, field(cgroup.item(0), Layouts.STATFS_FLAGS) & Flags.ST_RDONLY, "mounted read-only, as Docker's");
        assertEquals(Flags.SYSFS_MAGIC, fsType(c.call(Sysno.STATFS, args(0, 0), path("/sys")).item(0)));
        // Docker's /dev, /dev/pts and /dev/shm: a 64 MiB tmpfs, devpts, and a tmpfs whose files here are the host's.
        byte[] dev = c.call(Sysno.STATFS, args(0, 0), path("/dev/null")).item(0);
        assertEquals(Flags.TMPFS_MAGIC, fsType(dev));
        assertEquals(16384, field(dev, Layouts.STATFS_BLOCKS));
        assertEquals(Flags.DEVPTS_SUPER_MAGIC, fsType(c.call(Sysno.STATFS, args(0, 0), path("/dev/pts")).item(0)));
        byte[] shm = c.call(Sysno.STATFS, args(0, 0), path("/dev/shm")).item(0);
        assertEquals(Flags.TMPFS_MAGIC, fsType(shm));
        assertTrue(field(shm, Layouts.STATFS_BLOCKS) > 0, "the host's figures");
    }

    private static long fsType(byte[] statfs) {
        return field(statfs, Layouts.STATFS_TYPE);
    }

    private static long field(byte[] statfs, int at) {
        return MemorySegment.ofArray(statfs).get(ValueLayout.JAVA_LONG_UNALIGNED, at);
    }

    // Confinement: every path stays in the container's root.

    @Test
    void dotDotStopsAtTheRoot() {
        assertEquals(PASSWD, c.content("/../../../../etc/passwd"));
        assertEquals(PASSWD, c.content("../../etc/../../etc/passwd"));
        // the test's directory holds root/ and outside/: one .. above the root is still the root
        assertEquals(-Errno.ENOENT, openatResult("/../outside/secret", Flags.O_RDONLY));
    }

    @Test
    void absoluteSymlinksResolveInsideTheRoot() throws IOException {
        assertEquals(PASSWD, c.content("/abs"));
        Files.createSymbolicLink(root.resolve("usr/up"), Path.of("../../../../.."));
        assertEquals(PASSWD, c.content("/usr/up/etc/passwd"));
    }

    @Test
    void aSymlinkToAHostPathOutsideLeadsNowhereOutside() throws IOException {
        // made by the guest, and found in the image: both are looked up in the container's root
        assertEquals(0, c.ret(Sysno.SYMLINK, args(0, 0), path(c.outside.resolve("secret").toString()), path("/guest-escape")));
        Files.createSymbolicLink(root.resolve("image-escape"), c.outside);
        assertEquals(-Errno.ENOENT, openatResult("/guest-escape", Flags.O_RDONLY));
        assertEquals(-Errno.ENOENT, openatResult("/image-escape/secret", Flags.O_RDONLY));
        assertEquals(-Errno.ENOENT, openatResult("/guest-escape", Flags.O_WRONLY | Flags.O_CREAT | Flags.O_TRUNC));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.CHMOD, args(0, 0777), path("/guest-escape")));
        assertEquals("host\n", Files.readString(c.outside.resolve("secret")));
        assertEquals("rw-r--r--", perms(c.outside.resolve("secret")));
    }

    @Test
    void symlinkLoopsGiveEloop() throws IOException {
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
        assertEquals(-Errno.ELOOP, openatResult("/loop1", Flags.O_RDONLY));
        assertEquals(-Errno.ELOOP, c.ret(Sysno.STAT, args(0, 0), path("/loop2/x")));
        assertEquals(Flags.S_IFLNK, stat(Sysno.LSTAT, "/loop1").type());
    }

    @Test
    void overlongNamesGiveEnametoolong() {
        String name = "n".repeat(256);
        assertEquals(-Errno.ENAMETOOLONG, openatResult("/" + name, Flags.O_RDONLY));
        assertEquals(-Errno.ENAMETOOLONG, c.ret(Sysno.MKDIR, args(0, 0777), path("/usr/" + name)));
        // PATH_MAX counts the NUL: 4096 characters are too many, 4094 are not
        assertEquals(-Errno.ENAMETOOLONG, c.ret(Sysno.STAT, args(0, 0), path("/.".repeat(2046) + "/usr")));
        assertEquals(0, c.ret(Sysno.STAT, args(0, 0), path("/.".repeat(2045) + "/usr")), "shorter: found");
    }
}
