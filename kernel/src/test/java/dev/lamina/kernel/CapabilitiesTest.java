package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.proc.Capabilities;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's capabilities: what capget shows and what the kernel lets root do by them
 * (`docker run --cap-drop`, `--cap-add`, `--privileged`). */
class CapabilitiesTest {
    private static final int V3 = 0x20080522;
    private static final long NO_CHOWN = Capabilities.DOCKER_DEFAULT & ~Capabilities.bit(Capabilities.CHOWN);

    @TempDir
    Path dir;
    private TestContainer c;

    private TestContainer container(long caps) throws IOException {
        c = new TestContainer(dir, new ProcessDefaults(caps, List.of(), List.of()));
        Files.writeString(c.root.resolve("file"), "x");
        return c;
    }

    @AfterEach
    void close() {
        if (c != null) c.close();
    }

    private static byte[] header(int version, int pid) {
        MemorySegment h = MemorySegment.ofArray(new byte[8]);
        h.set(ValueLayout.JAVA_INT_UNALIGNED, 0, version);
        h.set(ValueLayout.JAVA_INT_UNALIGNED, 4, pid);
        return h.toArray(ValueLayout.JAVA_BYTE);
    }

    /** capget's effective, permitted and inheritable sets (version 3: two words each). */
    private List<Long> capget() {
        ReceivedReply r = c.call(Sysno.CAPGET, args(1, 1), header(V3, 0));
        assertEquals(0, r.ret());
        assertEquals(0, r.item(0).length, "nothing written to the header (it may be read-only)");
        MemorySegment d = MemorySegment.ofArray(r.item(1));
        long[] sets = new long[3];
        for (int w = 0; w < 2; w++)
            for (int s = 0; s < 3; s++)
                sets[s] |= Integer.toUnsignedLong(d.get(ValueLayout.JAVA_INT_UNALIGNED, 12L * w + 4L * s)) << (32 * w);
        return List.of(sets[0], sets[1], sets[2]);
    }

    private long capset(long effective, long permitted) {
        MemorySegment d = MemorySegment.ofArray(new byte[24]);
        for (int w = 0; w < 2; w++) {
            d.set(ValueLayout.JAVA_INT_UNALIGNED, 12L * w, (int) (effective >>> (32 * w)));
            d.set(ValueLayout.JAVA_INT_UNALIGNED, 12L * w + 4, (int) (permitted >>> (32 * w)));
        }
        return c.ret(Sysno.CAPSET, args(1, 1), header(V3, 0), d.toArray(ValueLayout.JAVA_BYTE));
    }

    private long chown(int uid) {
        return c.ret(Sysno.CHOWN, args(0, uid, uid), path("/file"));
    }

    @Test
    void rootHasDockersDefaultSetAndShowsIt() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        assertEquals(0xa80425fbL, Capabilities.DOCKER_DEFAULT);
        assertEquals(List.of(0xa80425fbL, 0xa80425fbL, 0L), capget());
        List<String> status = c.content("/proc/1/status").lines().toList();
        for (String line : List.of("CapInh:\t0000000000000000", "CapPrm:\t00000000a80425fb", "CapEff:\t00000000a80425fb",
                "CapBnd:\t00000000a80425fb", "CapAmb:\t0000000000000000"))
            assertTrue(status.contains(line), line + " in " + status);
    }

    @Test
    void anUnknownVersionIsAnsweredWithLinuxsAndNoData() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        ReceivedReply probe = c.call(Sysno.CAPGET, args(1, 0), header(0, 0));
        assertEquals(0, probe.ret(), "no data pointer: only the version asked");
        assertEquals(V3, MemorySegment.ofArray(probe.item(0)).get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.CAPGET, args(1, 1), header(7, 0)));
        assertEquals(-Errno.ESRCH, c.ret(Sysno.CAPGET, args(1, 1), header(V3, 4242)));
    }

    @Test
    void aDroppedCapabilityIsRefusedToRoot() throws IOException {
        container(NO_CHOWN);
        assertEquals(-Errno.EPERM, chown(1000), "--cap-drop CHOWN");
        c.close();
        c = null;
        Path again = dir.resolve("again");
        c = new TestContainer(again, ProcessDefaults.DOCKER);
        Files.writeString(c.root.resolve("file"), "x");
        assertEquals(0, chown(1000), "Docker's default keeps CHOWN");
    }

    @Test
    void withoutDacOverrideRootObeysTheModeBits() throws IOException {
        container(Capabilities.DOCKER_DEFAULT & ~Capabilities.bit(Capabilities.DAC_OVERRIDE));
        assertEquals(0, chown(1000));
        assertEquals(0, c.ret(Sysno.CHMOD, args(0, 0600), path("/file")), "the owner's change: CAP_FOWNER");
        ReceivedReply r = c.call(Sysno.OPENAT, args(Flags.AT_FDCWD, 0, Flags.O_RDONLY, 0), path("/file"));
        r.closeFds();
        assertEquals(-Errno.EACCES, r.ret(), "a file of another user's, mode 0600");
    }

    @Test
    void sethostnameTakesSysAdminWhichDockersDefaultLacks() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        byte[] name = "box".getBytes();
        assertEquals(-Errno.EPERM, c.ret(Sysno.SETHOSTNAME, args(0, name.length), name));
        c.close();
        c = new TestContainer(dir.resolve("privileged"), new ProcessDefaults(Capabilities.ALL, List.of(), List.of()));
        assertEquals(0, c.ret(Sysno.SETHOSTNAME, args(0, name.length), name), "--privileged");
    }

    /** capabilities(7): leaving uid 0 in every id clears them; only the effective uid leaving 0 keeps the permitted set. */
    @Test
    void uidChangesFollowLinuxsRules() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        assertEquals(0, c.ret(Sysno.SETRESUID, args(-1, 1000, -1)));
        assertEquals(List.of(0L, Capabilities.DOCKER_DEFAULT, 0L), capget(), "effective cleared, permitted kept");
        assertEquals(-Errno.EPERM, chown(1000));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(-1, 0, -1)), "the real uid is still 0");
        assertEquals(List.of(Capabilities.DOCKER_DEFAULT, Capabilities.DOCKER_DEFAULT, 0L), capget());
        assertEquals(0, c.ret(Sysno.SETFSUID, args(1000)));
        assertEquals(-Errno.EPERM, chown(1000), "a filesystem uid other than 0 drops CAP_CHOWN");
        assertEquals(1000, c.ret(Sysno.SETFSUID, args(0)));
        assertEquals(0, chown(1000));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(List.of(0L, 0L, 0L), capget());
    }

    @Test
    void capsetDropsButNeverRaises() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        assertEquals(0, capset(NO_CHOWN, NO_CHOWN));
        assertEquals(-Errno.EPERM, chown(1000));
        assertEquals(-Errno.EPERM, capset(Capabilities.DOCKER_DEFAULT, Capabilities.DOCKER_DEFAULT), "CHOWN is gone");
        assertEquals(-Errno.EPERM, capset(Capabilities.DOCKER_DEFAULT, NO_CHOWN), "effective beyond permitted");
        assertEquals(List.of(NO_CHOWN, NO_CHOWN, 0L), capget());
        assertEquals(-Errno.EPERM, c.ret(Sysno.CAPSET, args(1, 1), header(V3, 4242), new byte[24]), "another's");
    }

    /** The euid and flags of the plan a user's exec of a set-user-ID root program gets, and the execve's answer;
     * or the plan's refusal and the execve's answer. */
    private List<Integer> setUidExec(ProcessDefaults defaults) throws IOException {
        c = new TestContainer(dir, defaults);
        return setUidExec();
    }

    /** The same in the container as it is now. */
    private List<Integer> setUidExec() throws IOException {
        c.program("/bin/prog");
        Files.setAttribute(c.root.resolve("bin/prog"), "unix:mode", 04755);
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        long exec = c.execve("/bin/prog", List.of("prog"), List.of());
        ReceivedReply plan = c.execPlan();
        plan.closeFds();
        if (plan.ret() < 0) return List.of((int) plan.ret(), (int) exec);
        MemorySegment fixed = MemorySegment.ofArray(plan.item(0));
        return List.of(fixed.get(ValueLayout.JAVA_INT_UNALIGNED, Protocol.PLAN_EUID),
                fixed.get(ValueLayout.JAVA_INT_UNALIGNED, Protocol.PLAN_FLAGS) & Protocol.PLAN_SECURE, (int) exec);
    }

    @Test
    void aSetUserIdProgramRunsAsItsOwnerWithAtSecureUnlessNoNewPrivileges() throws IOException {
        // The plan that changes the ids waits to be asked for (0), and is served only once the host process has
        // exec'd (its stack moved): this test's process never execs, as a guest that forges the execve does not,
        // so it is refused and the ids stay (the new init host's side: HostileGuestTest, creds/setuid_secure).
        assertEquals(List.of(-Errno.EPERM, 0), setUidExec(ProcessDefaults.DOCKER));
        assertEquals(List.of(0L, 0L, 0L), capget(), "a user's sets: still uid 1000");
        // One that keeps them (1) is sent at once.
        c.close();
        dir = dir.resolve("nnp");
        assertEquals(List.of(1000, 0, 1), setUidExec(new ProcessDefaults(Capabilities.DOCKER_DEFAULT, List.of(), List.of(), true)),
                "--security-opt no-new-privileges");
    }

    private long prctl(int option, long arg) {
        return c.ret(Protocol.OP_CAPS, args(option, arg));
    }

    /** prctl's bounding set and keep-caps are the kernel's, as capget's sets are (before, the init host's on the host). */
    @Test
    void theBoundingSetAndKeepCapsAreTheContainers() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        assertEquals(1, prctl(Flags.PR_CAPBSET_READ, Capabilities.CHOWN));
        assertEquals(0, prctl(Flags.PR_CAPBSET_READ, Capabilities.SYS_ADMIN));
        assertEquals(-Errno.EINVAL, prctl(Flags.PR_CAPBSET_READ, 64));
        assertEquals(0, prctl(Flags.PR_CAPBSET_DROP, Capabilities.CHOWN), "root holds CAP_SETPCAP");
        assertEquals(0, prctl(Flags.PR_CAPBSET_READ, Capabilities.CHOWN));
        assertTrue(c.content("/proc/1/status").contains("CapBnd:\t00000000a80425fa"), c.content("/proc/1/status"));
        assertEquals(0, prctl(Flags.PR_SET_KEEPCAPS, 1));
        assertEquals(1, prctl(Flags.PR_GET_KEEPCAPS, 0));
        assertEquals(Flags.SECBIT_KEEP_CAPS, prctl(Flags.PR_GET_SECUREBITS, 0));
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(List.of(0L, Capabilities.DOCKER_DEFAULT, 0L), capget(), "keep-caps: the permitted set stays");
        assertEquals(-Errno.EPERM, prctl(Flags.PR_CAPBSET_DROP, Capabilities.KILL), "no CAP_SETPCAP in effect now");
    }

    /** A guest's own no_new_privs is the kernel's: set for good, and a set-user-ID program then changes no ids
     * (before, it reached only the host, where it is always set). */
    @Test
    void aGuestsOwnNoNewPrivsStopsSetUserIdPrograms() throws IOException {
        container(Capabilities.DOCKER_DEFAULT);
        assertEquals(0, prctl(Flags.PR_GET_NO_NEW_PRIVS, 0));
        assertEquals(-Errno.EINVAL, prctl(Flags.PR_SET_NO_NEW_PRIVS, 0), "no way back");
        assertEquals(0, prctl(Flags.PR_SET_NO_NEW_PRIVS, 1));
        assertEquals(1, prctl(Flags.PR_GET_NO_NEW_PRIVS, 0));
        assertEquals(List.of(1000, 0, 1), setUidExec());
    }
}
