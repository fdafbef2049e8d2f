package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec plans, parents, umask, signals by pid and pid translation. */
class ProcessCallsTest extends ContainerTest {
    private static final long JVM = ProcessHandle.current().pid();


    @BeforeEach
    void setUp() throws IOException {
        c.program("/bin/prog");
    }

    /** The fixed part of an exec plan (struct lamina_exec_plan), field by field. */
    private static int planField(ReceivedReply plan, int index) {
        return MemorySegment.ofArray(plan.item(0)).get(ValueLayout.JAVA_INT_UNALIGNED, 4L * index);
    }

    /** The plan as a new init host gets it: on the exec's channel. */
    private ReceivedReply execPlan() {
        return c.execPlan();
    }

    @Test
    void anExecPlanCarriesArgvEnvIdsAndTheProgram() throws IOException {
        assertEquals(1, c.execve("/bin/prog", List.of("prog", "-x"), List.of("A=1", "PATH=/bin")), "the plan sent unasked");
        ReceivedReply plan = execPlan();
        assertEquals(0, plan.ret());
        assertEquals(Protocol.PLAN_SIZE, plan.item(0).length);
        assertEquals(List.of(2, 2, 1), List.of(planField(plan, 0), planField(plan, 1), planField(plan, 2)), "argc, envc, pid");
        assertEquals(List.of(0, 0, 0, 0), List.of(planField(plan, 3), planField(plan, 4), planField(plan, 5), planField(plan, 6)));
        assertEquals(c.kernel.hostUid(), planField(plan, 7));
        assertEquals(c.kernel.hostGid(), planField(plan, 8));
        assertEquals(Protocol.PLAN_SUBREAPER | Protocol.PLAN_CONFINE, planField(plan, 9), "pid 1, confined, no TCP lists");
        assertEquals(List.of("/bin/prog", "prog", "-x", "A=1", "PATH=/bin"),
                List.of(plan.string(1), plan.string(2), plan.string(3), plan.string(4), plan.string(5)));
        assertEquals(6, plan.items().size(), "no port list");
        assertEquals(Protocol.REPLY_CLOEXEC, plan.flags());
        assertEquals("\u007fELF\u0002" + "\0".repeat(11) + "\u0002" + "\0".repeat(47), c.read(plan.fd()),
                "the program comes attached (and no interpreter)");
        plan.closeFds();
        assertEquals(-Errno.ENOEXEC, c.ret(Protocol.OP_EXEC_PLAN, args()), "a plan is taken once");
    }

    @Test
    void aScriptRunsItsInterpreterWithTheScriptsPath() throws IOException {
        Path script = c.root.resolve("bin/script");
        Files.writeString(script, "#!/bin/prog -a\necho\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(1, c.execve("/bin/script", List.of("script", "arg"), List.of()));
        ReceivedReply plan = execPlan();
        assertEquals(List.of("/bin/script", "/bin/prog", "-a", "/bin/script", "arg"),
                List.of(plan.string(1), plan.string(2), plan.string(3), plan.string(4), plan.string(5)));
        assertEquals(4, planField(plan, 0));
        plan.closeFds();
    }

    @Test
    void execveRefusesWhatCannotRun() throws IOException {
        Files.writeString(c.root.resolve("bin/text"), "hello\n");
        Files.setPosixFilePermissions(c.root.resolve("bin/text"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(c.root.resolve("bin/noexec"), "#!/bin/prog\n");
        Files.writeString(c.root.resolve("bin/short-elf"), "\u007fELF garbage");
        Files.setPosixFilePermissions(c.root.resolve("bin/short-elf"), PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] object = new byte[64];
        object[0] = 0x7f;
        object[1] = 'E';
        object[2] = 'L';
        object[3] = 'F';
        object[4] = 2;
        object[16] = 1; // ET_REL: an object file, not a program
        Files.write(c.root.resolve("bin/object"), object);
        Files.setPosixFilePermissions(c.root.resolve("bin/object"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(-Errno.ENOEXEC, c.execve("/bin/short-elf", List.of("short-elf"), List.of()), "shorter than an ELF header");
        assertEquals(-Errno.ENOEXEC, c.execve("/bin/object", List.of("object"), List.of()));
        assertEquals(-Errno.ENOEXEC, c.execve("/bin/text", List.of("text"), List.of()));
        assertEquals(-Errno.EACCES, c.execve("/bin/noexec", List.of("noexec"), List.of()));
        assertEquals(-Errno.EACCES, c.execve("/bin", List.of("bin"), List.of()));
        assertEquals(-Errno.ENOENT, c.execve("/bin/missing", List.of("missing"), List.of()));
        assertEquals(-Errno.ENOEXEC, c.ret(Protocol.OP_EXEC_PLAN, args()), "nothing was prepared");
    }

    /**
     * An exec from a thread other than the main one ends the main thread, which may be waiting
     * for an answer on the main channel then: the new init host asks for its plan on the channel
     * that came with the exec, where no earlier answer can be waiting.
     */
    @Test
    void anExecFromAThreadGivesTheNewInitHostAChannelOfItsOwn() {
        int[] pair = Kernel.socketpair(c.host);
        long tid = c.channel.call(Protocol.OP_THREAD, 0, 0, pair[1]);
        c.close(pair[1]);
        assertEquals(2, tid);
        assertEquals(0, c.channel.call(Protocol.OP_THREAD_STARTED, tid, JVM + 1, -1));
        try (GuestChannel thread = new GuestChannel(pair[0])) {
            // The main thread's call, whose answer it never reads (the exec ends it).
            c.channel.send(Sysno.GETPPID, args(), 0, new byte[0]);
            // Asked for, not sent: another thread could otherwise take it off the new channel before the exec.
            assertEquals(0, c.execve(thread, "/bin/prog", List.of("prog"), List.of()));
            ReceivedReply plan = execPlan();
            assertEquals(0, plan.ret());
            assertEquals("prog", plan.string(2));
            plan.closeFds();
            assertEquals(java.util.Map.of(), c.init.threads(), "the new program's process has one thread, though the old thread's channel is open");
        }
        assertEquals(0, c.channel.reply(), "the main thread's answer, there for no one");
        assertEquals(-Errno.EINVAL, c.ret(Protocol.OP_EXEC, args(0, 1, 0), TestContainer.path("/bin/prog"), TestContainer.path("prog")),
                "an exec without the new init host's channel");
    }

    /** A thread can end before its creator has said it started (its channel closes first): it stays ended. */
    @Test
    void aThreadThatEndedBeforeItsStartWasToldStaysEnded() throws InterruptedException {
        int[] pair = Kernel.socketpair(c.host);
        long tid = c.channel.call(Protocol.OP_THREAD, 0, 0, pair[1]);
        c.close(pair[1]);
        assertEquals(List.of((int) tid), List.copyOf(c.init.threads().keySet()), "a thread from its creation on");
        c.close(pair[0]);
        while (c.init.threads().containsKey((int) tid)) Thread.sleep(10);
        assertEquals(0, c.channel.call(Protocol.OP_THREAD_STARTED, tid, JVM + 1, -1));
        assertEquals(java.util.Map.of(), c.init.threads());
    }

    @Test
    void aForkedChildHasItsParent() {
        int[] pair = Kernel.socketpair(c.host);
        long child = c.channel.call(Protocol.OP_FORK, 0, 0, pair[1]);
        c.close(pair[1]);
        assertEquals(2, child);
        try (GuestChannel ch = new GuestChannel(pair[0])) {
            assertEquals(1, ch.call(Sysno.GETPPID, 0, 0, -1));
        }
        assertEquals(0, c.ret(Sysno.GETPPID, args()), "pid 1's parent is outside");
    }

    /** Linux hands an exited parent's children to the subreaper (pid 1) as it exits, before anyone reaps it. */
    @Test
    void anOrphanIsPid1sOnceItsParentHasExitedThoughNotYetReaped() throws Exception {
        Process parentHost = new ProcessBuilder("sleep", "60").start();
        int[] pair = Kernel.socketpair(c.host);
        long parent = c.channel.call(Protocol.OP_FORK, 0, 0, pair[1]);
        c.close(pair[1]);
        int pidfd = (int) c.host.syscall(Sysno.PIDFD_OPEN, parentHost.pid(), 0);
        assertEquals(0, c.channel.call(Protocol.OP_FORKED, parent, 0, pidfd));
        c.close(pidfd);
        try (GuestChannel parentChannel = new GuestChannel(pair[0])) {
            int[] pair2 = Kernel.socketpair(c.host);
            assertEquals(parent + 1, parentChannel.call(Protocol.OP_FORK, 0, 0, pair2[1]));
            c.close(pair2[1]);
            try (GuestChannel orphan = new GuestChannel(pair2[0])) {
                assertEquals(parent, orphan.call(Sysno.GETPPID, 0, 0, -1));
                parentHost.destroyForcibly().waitFor();
                assertEquals(1, orphan.call(Sysno.GETPPID, 0, 0, -1), "its parent has exited (no REAPED has come)");
            }
        } finally {
            parentHost.destroyForcibly().waitFor();
        }
    }

    @Test
    void umaskReturnsTheOldMask() {
        assertEquals(022, c.ret(Sysno.UMASK, args(027)));
        assertEquals(027, c.ret(Sysno.UMASK, args(01777)));
        assertEquals(0777, c.ret(Sysno.UMASK, args(0)), "only the permission bits are kept");
    }

    @Test
    void signalsToUnknownPidsAreEsrch() {
        assertEquals(-Errno.ESRCH, c.ret(Sysno.KILL, args(999, 0)));
        assertEquals(-Errno.ESRCH, c.ret(Sysno.KILL, args(JVM, 0)), "a host pid means nothing inside");
        assertEquals(-Errno.ESRCH, c.ret(Sysno.TGKILL, args(999, 999, 0)));
        assertEquals(-Errno.ESRCH, c.ret(Sysno.TGKILL, args(999, 1, 0)), "tid 1 is not in process 999");
        assertEquals(-Errno.ESRCH, c.ret(Sysno.TKILL, args(999, 0)));
        assertEquals(-Errno.ESRCH, c.ret(Sysno.KILL, args(-999, 0)), "no such group");
        assertEquals(-Errno.EINVAL, c.ret(Sysno.KILL, args(1, Flags.NSIG + 1)));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.TKILL, args(1, 99)), "raise(99)");
        assertEquals(-Errno.EINVAL, c.ret(Sysno.TGKILL, args(1, 1, Flags.NSIG + 1)));
        assertEquals(-Errno.EINVAL, c.ret(Sysno.TGKILL, args(1, 1, -1)));
        // signal 0 to a known pid only checks it: pid 1's host is this JVM
        assertEquals(0, c.ret(Sysno.KILL, args(1, 0)));
        assertEquals(0, c.ret(Sysno.TGKILL, args(1, 1, 0)));
    }

    @Test
    void pidsTranslateBothWays() {
        assertEquals(JVM, c.ret(Protocol.OP_HOST_PID, args(1)));
        assertEquals(-Errno.ESRCH, c.ret(Protocol.OP_HOST_PID, args(999)));
        assertEquals(1, c.ret(Protocol.OP_GUEST_PID, args(JVM)));
        assertEquals(0, c.ret(Protocol.OP_GUEST_PID, args(1)), "the host's pid 1 is not in the container");
    }

    /** A thread id names its host thread for the thread's own process only: a host tid is that process's
     * own unchecked word (THREAD_STARTED), which another process must never act on. */
    @Test
    void threadIdsNameHostThreadsOfTheCallersOwnProcessOnly() {
        var table = c.kernel.processes();
        int own = table.newTid();
        table.threadCreated(c.init, own);
        table.threadStarted(c.init, own, 4242);
        assertEquals(4242, c.ret(Protocol.OP_HOST_PID, args(own)));
        var other = table.create(c.init.pid(), c.init.credentials(), "/");
        int theirs = table.newTid();
        table.threadCreated(other, theirs);
        table.threadStarted(other, theirs, 4343);
        assertEquals(-Errno.ESRCH, c.ret(Protocol.OP_HOST_PID, args(theirs)));
    }
}
