package dev.lamina.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.HostProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel holds each guest process by a pidfd and believes nothing an
 * init host says about host processes that it cannot check: driven here
 * over a real channel, as guest code forging messages would drive it. The
 * guest "parent" is this JVM (so its host children are real children);
 * strangers are processes it did not fork.
 */
class HostProcessTrustTest extends ContainerTest {
    private final HostCalls h = new HostCalls();
    private final List<Process> started = new ArrayList<>();
    private Kernel kernel;
    private GuestProcess parent;
    private GuestChannel channel;

    @BeforeEach
    void setUp() {
        kernel = c.kernel;
        parent = c.init;
        channel = c.channel;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        c.close();
        for (Process p : started) p.destroyForcibly().waitFor();
        h.close();
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    /** A sleep that is not this JVM's child (its parent is a shell that first runs setup), and its pid. */
    private long stranger(String setup) throws IOException {
        Process sh = start("sh", "-c", setup + "sleep 60 & echo $!; wait");
        return Long.parseLong(sh.inputReader().readLine().trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private int pidfdOf(long pid) {
        long fd = h.syscall(Sysno.PIDFD_OPEN, pid, 0);
        assertTrue(fd >= 0, "pidfd_open " + fd);
        return (int) fd;
    }

    /** FORK: the kernel makes a guest child with a new channel (the other end is dropped). */
    private int fork() {
        int[] pair = Kernel.socketpair(h);
        long pid = channel.call(Protocol.OP_FORK, 0, 0, pair[1]);
        h.syscall(Sysno.CLOSE, pair[0]);
        h.syscall(Sysno.CLOSE, pair[1]);
        assertTrue(pid > 1, "fork " + pid);
        return (int) pid;
    }

    /** FORKED with a pidfd of hostPid (and the host pid in a1, as the old protocol had it). */
    private long forked(int child, long hostPid) {
        int fd = pidfdOf(hostPid);
        long r = channel.call(Protocol.OP_FORKED, child, hostPid, fd);
        h.syscall(Sysno.CLOSE, fd);
        return r;
    }

    @Test
    void aForgedForkedNamingAStrangerIsRefusedAndTheStrangerSurvivesAKill() throws Exception {
        long stranger = stranger("");
        int child = fork();
        assertEquals(-Errno.EPERM, forked(child, stranger));
        assertEquals(-Errno.ESRCH, channel.call(Sysno.KILL, child, Flags.SIGKILL, -1));
        // the old protocol's plain number, without a pidfd: a failed fork, nothing attached
        int again = fork();
        assertEquals(0, channel.call(Protocol.OP_FORKED, again, stranger, -1));
        assertEquals(-Errno.ESRCH, channel.call(Sysno.KILL, again, Flags.SIGKILL, -1));
        Thread.sleep(100);
        assertTrue(alive(stranger), "the stranger was killed");
    }

    /** A FORKED whose descriptor is no pidfd (here a pipe) names no process at all. */
    @Test
    void aForkedWithoutAPidfdIsRefused() {
        int[] pipe = Kernel.socketpair(h);
        int child = fork();
        assertEquals(-Errno.EPERM, channel.call(Protocol.OP_FORKED, child, 0, pipe[0]));
        assertEquals(-Errno.ESRCH, channel.call(Sysno.KILL, child, 0, -1));
        h.syscall(Sysno.CLOSE, pipe[0]);
        h.syscall(Sysno.CLOSE, pipe[1]);
    }

    @Test
    void aRealChildIsAcceptedAndSignalledThroughItsPidfd() throws Exception {
        Process real = start("sleep", "60");
        int child = fork();
        assertEquals(0, forked(child, real.pid()));
        assertEquals(-Errno.EPERM, forked(fork(), real.pid()), "one host process is one guest process");
        assertEquals(0, channel.call(Sysno.KILL, child, Flags.SIGKILL, -1));
        assertTrue(real.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void aForgedReapedForARunningProcessIsRefused() throws Exception {
        Process real = start("sleep", "60");
        int child = fork();
        assertEquals(0, forked(child, real.pid()));
        assertEquals(-Errno.EPERM, channel.call(Protocol.OP_REAPED, real.pid(), 0, -1));
        assertEquals(0, channel.call(Sysno.KILL, child, 0, -1), "the kernel forgot a running process");
        real.destroyForcibly().waitFor();
        assertEquals(child, channel.call(Protocol.OP_REAPED, real.pid(), Flags.SIGKILL, -1));
        assertEquals(-Errno.ESRCH, channel.call(Sysno.KILL, child, 0, -1));
    }

    /**
     * A guest process reaped without the kernel hearing of it (a raw wait4),
     * its pid then handed to a stranger through ns_last_pid: neither a guest
     * kill nor the container's end reaches the stranger.
     */
    @Test
    void aSignalNeverReachesAStrangerWithARecycledPid() throws Exception {
        assumeTrue(h.syscall(Sysno.GETUID, 0) == 0, "writing ns_last_pid needs root");
        Process victim = start("sleep", "60");
        int child = fork();
        assertEquals(0, forked(child, victim.pid()));
        long pid = victim.pid();
        victim.destroyForcibly().waitFor();
        boolean handed = false;
        for (int i = 0; i < 100 && !handed; i++)
            handed = stranger("echo " + (pid - 1) + " > /proc/sys/kernel/ns_last_pid; ") == pid;
        assertTrue(handed, "could not hand pid " + pid + " to a stranger");
        assertEquals(-Errno.ESRCH, channel.call(Sysno.KILL, child, Flags.SIGKILL, -1));
        assertEquals(-Errno.ESRCH, channel.call(Sysno.TGKILL, child, child, Flags.SIGKILL));
        c.close(); // the container's end: SIGKILL to every process the kernel holds (but this JVM, the parent)
        Thread.sleep(100);
        assertTrue(alive(pid), "a signal meant for the reaped guest killed the stranger with its pid");
    }

    /** Requests no init host sends end the sender's process with one diagnostic line. */
    @Test
    void malformedRequestsEndTheSendersProcess() throws Exception {
        for (int size : new int[] {-1, Protocol.REQUEST_MAX + 1, 0}) {
            Process guest = start("sleep", "60");
            GuestProcess p = kernel.processes().create(parent.pid(), Credentials.of(0, 0, null, Capabilities.DOCKER_DEFAULT, false), "/");
            kernel.processes().attach(p, HostProcess.ofOwnChild(h, (int) guest.pid()), h);
            try (GuestChannel ch = new GuestChannel(kernel, p)) {
                // size 0: a chdir without its path item, which the init host always sends
                ch.send(size == 0 ? Sysno.CHDIR : Sysno.GETPPID, new long[6], size, new byte[0], -1);
                assertEquals(GuestChannel.CLOSED, ch.reply(), "size " + size);
            }
            assertTrue(guest.waitFor(10, TimeUnit.SECONDS), "size " + size + ": the process still runs");
            assertEquals(128 + Flags.SIGKILL, guest.exitValue());
        }
    }

    @Test
    void itemsThatDoNotAddUpAreMalformed() throws Exception {
        Process guest = start("sleep", "60");
        GuestProcess p = kernel.processes().create(parent.pid(), Credentials.of(0, 0, null, Capabilities.DOCKER_DEFAULT, false), "/");
        kernel.processes().attach(p, HostProcess.ofOwnChild(h, (int) guest.pid()), h);
        try (GuestChannel ch = new GuestChannel(kernel, p)) {
            // a 2-byte item and two stray bytes after it
            byte[] body = java.util.Arrays.copyOf(GuestChannel.items(new byte[] {'/', 0}), 8);
            ch.send(Sysno.CHDIR, new long[6], body.length, body, -1);
            assertEquals(GuestChannel.CLOSED, ch.reply());
        }
        assertTrue(guest.waitFor(10, TimeUnit.SECONDS));
        assertFalse(guest.isAlive());
    }
}
