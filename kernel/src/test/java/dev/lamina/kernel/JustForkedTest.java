package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A forked child runs, and calls the kernel, before its parent has reported it (FORKED, with its
 * pidfd): its calls are served as its own process's once that report comes, never as those of a
 * process without a host one. Each call here is sent first and the report after a pause, the order
 * a loaded machine gives now and then; the guest "parent" is this JVM, whose children are real.
 */
class JustForkedTest extends ContainerTest {
    /** How long the parent's report lags its child's call: long enough that the call is served first. */
    private static final long REPORT_LAG_MILLIS = 200;
    private final HostCalls h = new HostCalls();
    private final List<Process> started = new ArrayList<>();
    private final List<GuestChannel> channels = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (GuestChannel ch : channels) ch.close();
        for (Process p : started) p.destroyForcibly().waitFor();
        h.close();
    }

    /** A guest child made by FORK and not yet reported, with its channel. */
    private record Child(int pid, GuestChannel channel) {}

    private Child fork() {
        int[] pair = Kernel.socketpair(h);
        long pid = c.channel.call(Protocol.OP_FORK, 0, 0, pair[1]);
        h.syscall(Sysno.CLOSE, pair[1]);
        assertTrue(pid > 1, "fork " + pid);
        GuestChannel ch = new GuestChannel(pair[0]);
        channels.add(ch);
        return new Child((int) pid, ch);
    }

    /** The host process of a child: a real child of this JVM, the leader of a group of its own (setsid). */
    private Process hostProcess() throws IOException {
        Process p = new ProcessBuilder("setsid", "sleep", "60").start();
        started.add(p);
        return p;
    }

    /** The child's call (with the items given), then (after the lag) its parent's report; the call's reply. */
    private ReceivedReply requestBeforeReport(Child child, Process host, int op, long[] a, byte[]... items)
            throws InterruptedException {
        return requestBeforeReport(child.channel(), child, host, op, a, items);
    }

    /** A call on channel from, then (after the lag) the child's report by its parent; the call's reply. */
    private ReceivedReply requestBeforeReport(GuestChannel from, Child child, Process host, int op, long[] a,
            byte[]... items) throws InterruptedException {
        byte[] body = GuestChannel.items(items);
        from.send(op, a, body.length, body);
        Thread.sleep(REPORT_LAG_MILLIS);
        long pidfd = h.syscall(Sysno.PIDFD_OPEN, host.pid(), 0);
        assertTrue(pidfd >= 0, "pidfd_open " + pidfd);
        assertEquals(0, c.channel.call(Protocol.OP_FORKED, child.pid(), 0, (int) pidfd));
        h.syscall(Sysno.CLOSE, pidfd);
        return from.receive();
    }

    private long callBeforeReport(Child child, Process host, int op, long... a) throws InterruptedException {
        ReceivedReply r = requestBeforeReport(child, host, op, args(a));
        r.closeFds();
        return r.ret();
    }

    /** pthread_kill of the main thread from another thread of the new process (raise alone is the init host's). */
    @Test
    void aSignalToItsOwnMainThreadReachesIt() throws Exception {
        Child child = fork();
        assertEquals(0, callBeforeReport(child, hostProcess(), Sysno.TGKILL, child.pid(), child.pid(), 0));
    }

    /** ps in a new process: /proc lists it. */
    @Test
    void itIsListedInProc() throws Exception {
        Child child = fork();
        ReceivedReply dir = requestBeforeReport(child, hostProcess(), Sysno.OPENAT,
                args(Flags.AT_FDCWD, 0, Flags.O_RDONLY | Flags.O_DIRECTORY, 0), TestContainer.path("/proc"));
        assertTrue(dir.ret() >= 0, "open /proc: " + dir.ret());
        try (var names = Files.list(Path.of("/proc/self/fd/" + dir.fd()))) {
            assertTrue(names.anyMatch(n -> n.getFileName().toString().equals(Integer.toString(child.pid()))),
                    "/proc lists pid " + child.pid());
        } finally {
            dir.closeFds();
        }
    }

    /** A new process reading its cgroup's processes finds itself. */
    @Test
    void itIsInItsCgroup() throws Exception {
        Child child = fork();
        ReceivedReply file = requestBeforeReport(child, hostProcess(), Sysno.OPENAT,
                args(Flags.AT_FDCWD, 0, Flags.O_RDONLY, 0), TestContainer.path("/sys/fs/cgroup/cgroup.procs"));
        assertTrue(file.ret() >= 0, "open cgroup.procs: " + file.ret());
        try {
            assertEquals("1\n" + child.pid() + "\n", Files.readString(Path.of("/proc/self/fd/" + file.fd())));
        } finally {
            file.closeFds();
        }
    }

    /** Another thread of the parent names the child by its host pid (a SIGCHLD's si_pid) before the forking thread reports it. */
    @Test
    void anotherThreadOfItsParentNamesIt() throws Exception {
        int[] pair = Kernel.socketpair(h);
        assertTrue(c.channel.call(Protocol.OP_THREAD, 0, 0, pair[1]) > 1);
        h.syscall(Sysno.CLOSE, pair[1]);
        GuestChannel thread = new GuestChannel(pair[0]);
        channels.add(thread);
        Child child = fork();
        Process host = hostProcess();
        ReceivedReply named = requestBeforeReport(thread, child, host, Protocol.OP_GUEST_PID, args(host.pid(), 0));
        assertEquals(child.pid(), named.ret());
    }

    /** A child that made a group of its own (setpgid(0, 0)) and signals it. */
    @Test
    void aSignalToItsOwnGroupReachesIt() throws Exception {
        Child child = fork();
        Process host = hostProcess();
        for (int i = 0; i < 500 && h.syscall(Sysno.GETPGID, host.pid()) != host.pid(); i++) Thread.sleep(10);
        assertEquals(host.pid(), h.syscall(Sysno.GETPGID, host.pid()), "setsid made the host process a group leader");
        assertEquals(0, callBeforeReport(child, host, Sysno.KILL, -child.pid(), 0));
    }
}
