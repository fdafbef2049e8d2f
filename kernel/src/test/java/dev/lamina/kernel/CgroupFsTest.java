package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /sys/fs/cgroup: cgroup v2 as a container with a cgroup namespace of its own sees it, with its limits. */
class CgroupFsTest {
    @TempDir
    Path dir;

    private static final long MIB = 1 << 20;

    @Test
    void limitsAreTheContainers() throws IOException {
        try (TestContainer c = new TestContainer(dir, new ContainerConfig.Limits(64 * MIB, 32 * MIB, 50_000, 100_000, 20))) {
            assertEquals(64 * MIB + "\n", c.content("/sys/fs/cgroup/memory.max"));
            assertEquals(32 * MIB + "\n", c.content("/sys/fs/cgroup/memory.swap.max"));
            assertEquals("50000 100000\n", c.content("/sys/fs/cgroup/cpu.max"));
            assertEquals("20\n", c.content("/sys/fs/cgroup/pids.max"));
        }
    }

    @Test
    void noLimitsReadMax() throws IOException {
        try (TestContainer c = new TestContainer(dir)) {
            assertEquals("max\n", c.content("/sys/fs/cgroup/memory.max"));
            assertEquals("max\n", c.content("/sys/fs/cgroup/memory.swap.max"));
            assertEquals("max 100000\n", c.content("/sys/fs/cgroup/cpu.max"));
            assertEquals("max\n", c.content("/sys/fs/cgroup/pids.max"));
        }
    }

    /** Usage: the container's processes (pid 1 here, this JVM underneath) under their guest pids, their memory and time. */
    @Test
    void usageIsTheContainersProcesses() throws IOException {
        try (TestContainer c = new TestContainer(dir)) {
            assertEquals("1\n", c.content("/sys/fs/cgroup/cgroup.procs"));
            assertEquals("1\n", c.content("/sys/fs/cgroup/pids.current"));
            assertTrue(c.content("/sys/fs/cgroup/cgroup.controllers").matches("(\\S+ )*memory( \\S+)*\n"));
            long resident = Long.parseLong(c.content("/sys/fs/cgroup/memory.current").trim());
            assertTrue(resident > MIB, "the JVM's resident memory: " + resident);
            List<String> cpu = c.content("/sys/fs/cgroup/cpu.stat").lines().toList();
            assertTrue(cpu.getFirst().matches("usage_usec [1-9]\\d*"), cpu.toString());
            assertEquals(List.of("user_usec", "system_usec", "nr_periods", "nr_throttled", "throttled_usec"),
                    cpu.subList(1, 6).stream().map(l -> l.split(" ")[0]).toList());
            assertEquals("0::/\n", c.content("/proc/self/cgroup"));
            assertTrue(c.content("/proc/cgroups").contains("\nmemory\t0\t1\t1\n"));
        }
    }

    /** The directory lists what it serves, and nothing in it or in /sys can be changed. */
    @Test
    void listedAndReadOnly() throws IOException {
        try (TestContainer c = new TestContainer(dir)) {
            List<String> names = c.names("/sys/fs/cgroup");
            assertTrue(names.containsAll(List.of("cgroup.controllers", "cgroup.procs", "cpu.max", "cpu.stat", "memory.current",
                    "memory.max", "memory.swap.max", "pids.current", "pids.max")), names.toString());
            assertEquals(Flags.S_IFDIR, c.call(Sysno.STAT, args(0, 0), path("/sys/fs")).stat(0).type());
            // no change and no new names: EROFS, as Docker's read-only mounts of /sys and the cgroup say
            assertEquals(-Errno.EROFS, c.ret(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_WRONLY, 0), path("/sys/fs/cgroup/memory.max")));
            assertEquals(-Errno.EROFS, c.ret(Sysno.MKDIR, args(0, 0777), path("/sys/fs/cgroup/child")));
            assertEquals(-Errno.EROFS, c.ret(Sysno.MKDIR, args(0, 0777), path("/sys/x")));
        }
    }
}
