package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container's /proc: pid 1 (this JVM underneath) in the container's terms. */
class ProcFsTest extends ContainerTest {

    @BeforeEach
    void setUp() throws IOException {
        c.program("/bin/prog");
        assertEquals(1, c.execve("/bin/prog", List.of("prog", "-x"), List.of("A=1", "B=2")));
        c.execPlan().closeFds();
        // As the init host names its process after the program it runs (pid 1's host is this JVM).
        Files.writeString(Path.of("/proc/self/comm"), "prog");
    }

    /** Names looked up relative to an open /proc/PID/fd (fstatat(dirfd, "0")) are the process's
     * descriptors: the directory a guest holds open stays, as a later look at it relists it. */
    @Test
    void anOpenFdDirectoryFindsTheDescriptors() {
        ReceivedReply dir = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_RDONLY | Flags.O_DIRECTORY, 0), path("/proc/1/fd"));
        assertEquals(0, dir.ret());
        for (int i = 0; i < 2; i++) {
            ReceivedReply st = c.channel.request(Sysno.NEWFSTATAT, args(dir.fd(), 0, 0, Flags.AT_SYMLINK_NOFOLLOW),
                    new byte[][] {path("0")}, dir.fd());
            assertEquals(0, st.ret(), "fd 0 of pid 1, look " + i);
        }
        dir.closeFds();
    }

    /** A process's comm is its host process's: prctl(PR_SET_NAME), which goes to the host, shows. */
    @Test
    void commFollowsTheHostsName() throws IOException {
        Files.writeString(Path.of("/proc/self/comm"), "renamed");
        assertEquals("renamed\n", c.content("/proc/1/comm"));
        assertTrue(c.content("/proc/1/stat").startsWith("1 (renamed) "));
        assertTrue(c.content("/proc/1/status").startsWith("Name:\trenamed\n"));
        // Read by itself, its own file: the name as it set it, and one it may write (another process reading it while
        // its init host re-executes itself, named exe, reads the program's name).
        Files.writeString(Path.of("/proc/self/comm"), "exe");
        assertEquals("exe\n", c.content("/proc/1/comm"));
    }


    private String readlink(String path) {
        ReceivedReply r = c.call(Sysno.READLINK, args(0, 0, 4096), path(path));
        assertTrue(r.ret() >= 0, path + ": " + r.ret());
        return r.string(0);
    }

    /** /proc/PID/maps in Linux's format, with a file mapped from the container's root under its container path. */
    @Test
    void mapsShowsMappingsWithContainerPaths() throws IOException {
        Path data = Files.write(c.root.resolve("data.bin"), new byte[8192]);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(data);
             java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, 8192, arena);
            ReceivedReply r = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_RDONLY, 0), path("/proc/self/maps"));
            assertEquals(0, r.ret());
            List<String> maps = Files.readAllLines(Path.of("/proc/self/fd/" + r.fd()));
            r.closeFds();
            assertTrue(maps.stream().anyMatch(l -> l.matches("\\p{XDigit}+-\\p{XDigit}+ r--s 00000000 \\p{XDigit}+:\\p{XDigit}+ \\d+ +/data\\.bin")),
                    String.join("\n", maps));
            for (String line : maps)
                assertTrue(line.matches("\\p{XDigit}+-\\p{XDigit}+ [r-][w-][x-][ps] \\p{XDigit}{8} \\p{XDigit}+:\\p{XDigit}+ \\d+ ( *\\S.*)?"), line);
            assertTrue(maps.stream().noneMatch(l -> l.contains(c.root.toString())), "a host path of the root");
        }
    }

    /** mountinfo in Linux's format: the root first, its own parent; /proc among the mounts below it, and
     * cgroup v2 at /sys/fs/cgroup, inside /sys, read-only as Docker mounts them (where JVMs and Go look for it). */
    @Test
    void mountinfoListsTheContainersMounts() throws IOException {
        Files.createDirectories(c.root.resolve("etc"));
        List<String> lines = c.content("/proc/self/mountinfo").lines().toList();
        assertEquals("1 1 0:1 / / rw,relatime - overlay overlay rw", lines.getFirst());
        for (String line : lines)
            if (!line.contains(" /etc/"))
                assertTrue(line.matches("\\d+ \\d+ 0:\\d+ / /\\S* [a-z0-9,=]+ - \\S+ \\S+ rw"), line);
        // The /etc files bound from the container's state, as Docker's from its containers/ID directory: the host
        // file's path in its filesystem, that filesystem's device and type (container-id detectors read the path).
        for (String name : Kernel.ETC_FILES) {
            String line = lines.stream().filter(l -> l.contains(" /etc/" + name + " ")).findFirst().orElseThrow();
            String[] f = line.split(" ");
            assertTrue(line.matches("\\d+ 1 \\d+:\\d+ /\\S+ /etc/" + name.replace(".", "\\.") + " rw,relatime - \\S+ \\S+ rw"), line);
            String host = c.kernel.config().stateDir().toRealPath().resolve("etc").resolve(name).toString();
            assertTrue(host.endsWith(f[3]), f[3] + " is not " + host + " in its filesystem");
            ReceivedReply stat = c.call(Sysno.STAT, args(0, 0), path("/etc/" + name));
            assertEquals(0, stat.ret(), "stat /etc/" + name);
            long st = stat.stat(0).dev();
            assertEquals(f[2], (st >>> 8 & 0xfff) + ":" + (st & 0xff | st >>> 12 & 0xfff00), "the device stat shows");
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" /proc rw,nosuid,nodev,noexec,relatime - proc proc rw")), String.join("\n", lines));
        String dev = lines.stream().filter(l -> l.contains(" /dev ")).findFirst().orElseThrow();
        String shm = lines.stream().filter(l -> l.contains(" /dev/shm ")).findFirst().orElseThrow();
        assertTrue(shm.matches("\\d+ " + dev.split(" ")[0] + " 0:\\d+ / /dev/shm \\S+ - tmpfs shm rw"), shm);
        String sys = lines.stream().filter(l -> l.contains(" /sys ")).findFirst().orElseThrow();
        assertTrue(sys.endsWith(" / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs rw"), sys);
        String cgroup = lines.stream().filter(l -> l.contains(" /sys/fs/cgroup ")).findFirst().orElseThrow();
        assertTrue(cgroup.matches("\\d+ " + sys.split(" ")[0] + " 0:\\d+ / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw"),
                cgroup);
    }

    /**
     * /proc, /dev, /dev/pts, /dev/shm, /sys and /sys/fs/cgroup are filesystems of their own, each with its own
     * st_dev (the one mountinfo shows), so `find -xdev` and `du -x` stop at them; before,
     * they showed the root's. Inside each, its files show its number.
     */
    @Test
    void theKernelsFilesystemsHaveDevicesOfTheirOwn() {
        long root = dev("/");
        List<String> mountinfo = c.content("/proc/self/mountinfo").lines().toList();
        java.util.Set<Long> seen = new java.util.HashSet<>(List.of(root));
        for (String at : List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/sys", "/sys/fs/cgroup")) {
            long dev = dev(at);
            assertTrue(seen.add(dev), at + " has a device of its own: " + dev);
            assertTrue(mountinfo.stream().anyMatch(l -> l.contains(" 0:" + dev + " / " + at + " ")), at + " in mountinfo as 0:" + dev);
        }
        assertEquals(dev("/proc"), dev("/proc/self"), "a directory inside /proc");
        assertEquals(dev("/proc"), dev("/proc/self/status"), "a file inside /proc");
    }

    private long dev(String path) {
        return c.call(Sysno.STAT, args(0, 0), path(path)).stat(0).dev();
    }

    @Test
    void sysKernelNamesAreTheContainers() {
        assertEquals(TestContainer.HOSTNAME + "\n", c.content("/proc/sys/kernel/hostname"));
        assertEquals("Linux\n", c.content("/proc/sys/kernel/ostype"));
        assertEquals("0::/\n", c.content("/proc/self/cgroup"));
    }

    /** Integer sysctls read as empty past offset 0 (and Files.readAllBytes reads such a file a byte
     * first): the host's file is read whole, in one go, so the numbers show with all their digits. */
    @Test
    void sysKernelNumbersAreWhole() {
        for (String name : List.of("pid_max", "ngroups_max", "cap_last_cap")) {
            String text = c.content("/proc/sys/kernel/" + name);
            assertTrue(text.matches("[0-9]{2,}\n"), name + ": " + text);
        }
    }

    @Test
    void selfIsTheCallersPid() {
        assertEquals("1", readlink("/proc/self"));
        assertEquals(c.content("/proc/1/comm"), c.content("/proc/self/comm"));
    }

    @Test
    void threadSelfIsTheCallersTask() {
        assertEquals("1/task/1", readlink("/proc/thread-self"));
        assertEquals(c.content("/proc/1/comm"), c.content("/proc/thread-self/comm"));
    }

    @Test
    void statShowsGuestPidsAndTheProgramsName() {
        String stat = c.content("/proc/1/stat");
        assertTrue(stat.startsWith("1 (prog) R 0 "), stat);
        assertEquals(52, stat.trim().split(" ").length, "every field of the host's line: " + stat);
    }

    @Test
    void statusShowsGuestPidsAndIds() {
        List<String> status = c.content("/proc/1/status").lines().toList();
        for (String line : List.of("Name:\tprog", "Pid:\t1", "PPid:\t0", "TracerPid:\t0", "Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0", "Groups:\t0 "))
            assertTrue(status.contains(line), line + " in " + status);
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1001, 1002)));
        assertTrue(c.content("/proc/1/status").lines().toList().contains("Uid:\t1000\t1001\t1002\t1001"));
    }

    @Test
    void cmdlineEnvironAndCommComeFromTheExec() {
        assertEquals("prog\0-x\0", c.content("/proc/1/cmdline"));
        assertEquals("A=1\0B=2\0", c.content("/proc/1/environ"));
        assertEquals("prog\n", c.content("/proc/1/comm"));
        assertEquals("/bin/prog", readlink("/proc/1/exe"));
    }

    @Test
    void cwdFollowsChdir() {
        assertEquals("/", readlink("/proc/1/cwd"));
        assertEquals(0, c.ret(Sysno.CHDIR, args(0), path("/bin")));
        assertEquals("/bin", readlink("/proc/self/cwd"));
    }

    @Test
    void fdLinksShowContainerPaths() throws IOException {
        ReceivedReply r = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_RDONLY, 0), path("/bin/prog"));
        assertEquals("/bin/prog", readlink("/proc/self/fd/" + r.fd()));
        r.closeFds();
        // a file outside the container shows as Linux shows one outside a process's root: the host's path
        Path outside = Files.writeString(c.outside.resolve("f"), "x");
        long fd = c.host.syscall(Sysno.OPEN, c.host.cstring(outside.toString()).address(), Flags.O_RDONLY | Flags.O_CLOEXEC, 0);
        c.host.release();
        assertEquals(outside.toString(), readlink("/proc/1/fd/" + fd));
        c.close((int) fd);
    }

    @Test
    void mountsListTheContainersFilesystems() {
        List<String> mounts = c.content("/proc/mounts").lines().toList();
        assertEquals("overlay / overlay rw,relatime 0 0", mounts.getFirst());
        // Docker's (moby's OCI defaults), in its order.
        assertEquals(List.of("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                "tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0",
                "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666 0 0",
                "sysfs /sys sysfs ro,nosuid,nodev,noexec,relatime 0 0",
                "cgroup /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime 0 0",
                "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0"), mounts.subList(1, 7));
    }

    @Test
    void hostFiguresArePresent() {
        assertTrue(c.content("/proc/meminfo").startsWith("MemTotal:"));
        assertTrue(c.content("/proc/uptime").matches("[0-9.]+ [0-9.]+\n"));
        assertTrue(c.content("/proc/cpuinfo").contains("processor"));
    }

    @Test
    void otherPidsAreAbsentAndProcIsReadOnly() {
        assertEquals(-Errno.ENOENT, c.ret(Sysno.STAT, args(0, 0), path("/proc/999/stat")));
        assertEquals(-Errno.ENOENT, c.ret(Sysno.STAT, args(0, 0), path("/proc/" + ProcessHandle.current().pid())),
                "the host's pids are not the container's");
        assertEquals(-Errno.EACCES, c.ret(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_WRONLY, 0), path("/proc/1/status")));
        // as Linux's procfs: it makes no names, and removes none of its own
        assertEquals(-Errno.ENOENT, c.ret(Sysno.MKDIR, args(0, 0777), path("/proc/x")));
        assertEquals(-Errno.EPERM, c.ret(Sysno.UNLINK, args(0), path("/proc/meminfo")));
        assertEquals(0444, c.call(Sysno.STAT, args(0, 0), path("/proc/1/status")).stat(0).permissions());
    }
}
