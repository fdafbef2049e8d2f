package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /sys: the host's CPU and node lists, CPU topology and huge page settings, read-only, as Docker's sysfs shows them. */
class SysFsTest {
    @TempDir
    Path dir;

    @Test
    void cpuListsAreTheHosts() throws IOException {
        try (TestContainer c = new TestContainer(dir)) {
            for (String f : List.of("online", "possible", "present", "kernel_max"))
                assertEquals(Files.readString(Path.of("/sys/devices/system/cpu", f)), c.content("/sys/devices/system/cpu/" + f), f);
            assertEquals(Files.readString(Path.of("/sys/devices/system/cpu/cpu0/topology/core_id")),
                    c.content("/sys/devices/system/cpu/cpu0/topology/core_id"));
            assertEquals(Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")),
                    c.content("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"));
        }
    }

    /** glibc's get_nprocs_conf counts the cpuN directories: one per CPU the host has. */
    @Test
    void listedAndReadOnly() throws IOException {
        try (TestContainer c = new TestContainer(dir)) {
            List<String> names = c.names("/sys/devices/system/cpu");
            List<String> hostCpus = Arrays.stream(new java.io.File("/sys/devices/system/cpu").list())
                    .filter(n -> n.matches("cpu\\d+")).toList();
            assertTrue(!hostCpus.isEmpty() && names.containsAll(hostCpus) && names.containsAll(List.of("online", "possible")),
                    names.toString());
            assertEquals(hostCpus.size(), names.stream().filter(n -> n.matches("cpu\\d+")).count(), names.toString());
            assertEquals(-Errno.EROFS, c.ret(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_WRONLY, 0),
                    path("/sys/devices/system/cpu/online")), "a read-only sysfs, as Docker mounts it");
            assertEquals(-Errno.EROFS, c.ret(Sysno.MKDIR, args(0, 0777), path("/sys/devices/system/cpu/cpu99")));
            assertEquals(-Errno.EROFS, c.ret(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_WRONLY | Flags.O_CREAT, 0644),
                    path("/sys/new")));
            // Docker's /proc/sys is read-only too; the rest of /proc makes no names, as Linux's procfs
            assertEquals(-Errno.EROFS, c.ret(Sysno.MKDIR, args(0, 0777), path("/proc/sys/new")));
            // Writing a sysctl or sysfs attribute the kernel makes or copies: EROFS too, as on Docker's mounts
            for (String made : List.of("/proc/sys/vm/swappiness", "/proc/sys/kernel/hostname", "/proc/sys/kernel/ostype",
                    "/proc/sys/net/core/somaxconn", "/sys/kernel/mm/transparent_hugepage/enabled"))
                assertEquals(-Errno.EROFS, c.ret(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_WRONLY | Flags.O_TRUNC, 0),
                        path(made)), made);
            assertEquals(-Errno.EROFS, c.ret(Sysno.TRUNCATE, args(0, 0), path("/proc/sys/vm/swappiness")));
            // access(W_OK) says so too (`[ -w ]`), after the permission; a device on it stays writable
            assertEquals(-Errno.EROFS, c.ret(Sysno.ACCESS, args(0, Flags.W_OK), path("/proc/sys/vm/swappiness")));
            assertEquals(-Errno.EROFS, c.ret(Sysno.ACCESS, args(0, Flags.W_OK), path("/sys/kernel")));
            assertEquals(0, c.ret(Sysno.ACCESS, args(0, Flags.R_OK), path("/proc/sys/vm/swappiness")));
            assertEquals(0, c.ret(Sysno.ACCESS, args(0, Flags.W_OK), path("/dev/null")));
            assertEquals(-Errno.ENOENT, c.ret(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_WRONLY | Flags.O_CREAT, 0644),
                    path("/proc/new")));
            assertEquals(-Errno.ENOENT, c.ret(Sysno.MKDIR, args(0, 0777), path("/proc/new")));
            // A host file its root may write is handed out as a copy, never as the host's file itself.
            ReceivedReply thp = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_RDONLY, 0),
                    path("/sys/kernel/mm/transparent_hugepage/enabled"));
            assertEquals(0, thp.ret());
            Path handed = Files.readSymbolicLink(Path.of("/proc/self/fd/" + thp.fd()));
            thp.closeFds();
            assertTrue(!handed.startsWith("/sys"), "the host's own file was handed out: " + handed);
        }
    }
}
