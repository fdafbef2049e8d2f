package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Sysno;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** User and group ids as the kernel keeps them, whatever user runs the JVM. */
class IdentityCallsTest extends ContainerTest {

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(c.root.resolve("etc"));
        Files.writeString(c.root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(c.root.resolve("etc/group"), "root:x:0:root\nwheel:x:10:root,daemon\nusers:x:100:daemon\n");
    }

    private long call(int op, long... a) {
        return c.ret(op, args(a));
    }

    private List<Integer> getresuid() {
        ReceivedReply r = c.call(Sysno.GETRESUID, args());
        assertEquals(0, r.ret());
        return List.of(r.intItem(0), r.intItem(1), r.intItem(2));
    }

    private List<Integer> getresgid() {
        ReceivedReply r = c.call(Sysno.GETRESGID, args());
        return List.of(r.intItem(0), r.intItem(1), r.intItem(2));
    }

    private List<Integer> getgroups() {
        ReceivedReply r = c.call(Sysno.GETGROUPS, args(64));
        MemorySegment list = MemorySegment.ofArray(r.item(0));
        Integer[] groups = new Integer[(int) r.ret()];
        for (int i = 0; i < groups.length; i++) groups[i] = list.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * i);
        return List.of(groups);
    }

    private static byte[] groupList(int... groups) {
        MemorySegment m = MemorySegment.ofArray(new byte[4 * groups.length]);
        for (int i = 0; i < groups.length; i++) m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, groups[i]);
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void theContainersUserIsRootWhoeverRunsTheHost() {
        for (int op : new int[] {Sysno.GETUID, Sysno.GETEUID, Sysno.GETGID, Sysno.GETEGID}) assertEquals(0, call(op));
        assertEquals(List.of(0, 0, 0), getresuid());
    }

    /** setfsuid and setfsgid return the old id; root sets any, a user only one of its own ids. */
    @Test
    void filesystemIdsChangeAsLinuxAllows() {
        assertEquals(0, call(Sysno.SETFSUID, 1000));
        assertEquals(1000, call(Sysno.SETFSUID, -1), "-1 only asks");
        assertEquals(0, call(Sysno.SETFSGID, 100));
        assertEquals(100, call(Sysno.SETFSGID, -1));
        assertEquals(1000, call(Sysno.SETFSUID, 0), "root's euid may take it back");
        assertEquals(0, call(Sysno.SETRESUID, 1000, 1001, 1002));
        assertEquals(1001, call(Sysno.SETFSUID, 1002), "its saved id");
        assertEquals(1002, call(Sysno.SETFSUID, 7), "refused, and the old id is the answer still");
        assertEquals(1002, call(Sysno.SETFSUID, -1));
    }

    @Test
    void rootSetsAnyIdsAndThenCannotComeBack() {
        assertEquals(0, call(Sysno.SETRESGID, 50, 51, 52));
        assertEquals(List.of(50, 51, 52), getresgid());
        assertEquals(51, call(Sysno.GETEGID));
        assertEquals(0, call(Sysno.SETRESUID, 1000, 1001, 1002));
        assertEquals(List.of(1000, 1001, 1002), getresuid());
        assertEquals(1000, call(Sysno.GETUID));
        assertEquals(1001, call(Sysno.GETEUID));
        assertEquals(1001, call(Sysno.SETFSUID, -1), "the filesystem id follows the effective one");
        assertEquals(-Errno.EPERM, call(Sysno.SETUID, 0));
        assertEquals(-Errno.EPERM, call(Sysno.SETRESUID, -1, 7, -1));
        // an unprivileged setuid sets the effective id only, to one of its own
        assertEquals(0, call(Sysno.SETUID, 1002));
        assertEquals(List.of(1000, 1002, 1002), getresuid());
        assertEquals(0, call(Sysno.SETREUID, -1, 1000));
        assertEquals(List.of(1000, 1000, 1002), getresuid());
    }

    @Test
    void setuidAsRootSetsAllThree() {
        assertEquals(0, call(Sysno.SETGID, 100));
        assertEquals(List.of(100, 100, 100), getresgid());
        assertEquals(0, call(Sysno.SETUID, 1000));
        assertEquals(List.of(1000, 1000, 1000), getresuid());
        assertEquals(-Errno.EPERM, call(Sysno.SETGID, 0), "no longer root, the group cannot go back either");
        assertEquals(List.of(100, 100, 100), getresgid());
    }

    @Test
    void groupsComeFromTheImageUntilSet() {
        assertEquals(List.of(0, 10), getgroups());
        assertEquals(2, call(Sysno.GETGROUPS, 0), "size 0 asks for the count");
        assertEquals(-Errno.EINVAL, call(Sysno.GETGROUPS, 1));
        assertEquals(0, c.ret(Sysno.SETGROUPS, args(3), groupList(4, 5, 6)));
        assertEquals(List.of(4, 5, 6), getgroups());
        assertEquals(0, c.ret(Sysno.SETGROUPS, args(0), new byte[0]));
        assertEquals(List.of(), getgroups());
    }

    @Test
    void setgroupsIsPrivileged() {
        assertEquals(0, call(Sysno.SETRESUID, 1000, 1000, 1000));
        assertEquals(-Errno.EPERM, c.ret(Sysno.SETGROUPS, args(1), groupList(0)));
        assertEquals(List.of(0, 10), getgroups());
    }
}
