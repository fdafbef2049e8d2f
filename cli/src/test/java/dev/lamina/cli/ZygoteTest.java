package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.RuntimeFiles;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.Spawner;
import dev.lamina.kernel.host.Zygote;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The zygote, the one process of this JVM that starts every confined init host (Zygote, zygote.c). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ZygoteTest {
    private static final long KEPT_CAPABILITY = 1L << 10; // CAP_NET_BIND_SERVICE

    @TempDir
    static Path work;
    private RuntimeFiles files;

    @BeforeAll
    void setUp() {
        files = RuntimeFiles.in(Repo.root().resolve("cli/target/lamina/lib"));
    }

    @Test
    void confinedInitHostsAreThisJvmsChildrenUnderTheZygotesFilter() throws Exception {
        InitHosts.Started s = InitHosts.onDemand(files, true).take();
        try {
            Map<String, String> host = status(s.hostPid());
            assertEquals(String.valueOf(ProcessHandle.current().pid()), host.get("PPid"));
            assertConfined(host);
            assertEquals("lamina-init spawn confine", execedCmdline(s.hostPid()));
            Map<String, String> zygote = status(zygote());
            assertConfined(zygote);
            // Its socket, on which the kernel asks for init hosts, never reaches one.
            String socket = Files.readSymbolicLink(Path.of("/proc/" + zygote() + "/fd/3")).toString();
            assertTrue(socket.startsWith("socket:"), socket);
            try (var fds = Files.list(Path.of("/proc/" + s.hostPid() + "/fd"))) {
                for (Path fd : fds.toList()) assertNotEquals(socket, Files.readSymbolicLink(fd).toString(), fd.toString());
            }
            assertEquals(zygote.get("Seccomp_filters"), host.get("Seccomp_filters"), "the zygote's filter only, none of its own");
            assertEquals(String.valueOf(ProcessHandle.current().pid()), zygote.get("PPid"));
        } finally {
            end(s);
        }
    }

    @Test
    void anInitHostStartedConfinedOutsideTheZygoteRefusesToRun() throws Exception {
        // As every confined init host was started before the zygote: it would have run with all of root's
        // capabilities and no filter had it not confined itself.
        try (HostCalls h = new HostCalls()) {
            int[] pipe = pair(h, Sysno.PIPE2, -1);
            int[] channel = pair(h, Sysno.SOCKETPAIR, Flags.SOCK_STREAM);
            int pid = Spawner.spawn(files.initHost().toString(), List.of("lamina-init", "spawn", "confine"), channel[1],
                    new int[] {0, pipe[1], pipe[1]});
            h.syscall(Sysno.CLOSE, pipe[1]);
            h.syscall(Sysno.CLOSE, channel[1]);
            h.syscall(Sysno.CLOSE, channel[0]); // no plan comes: an init host that confined itself ends waiting for it
            String stderr = new String(Files.readAllBytes(Path.of("/proc/self/fd/" + pipe[0])));
            h.syscall(Sysno.CLOSE, pipe[0]);
            assertEquals(126, exitStatus(h, pid), stderr);
            assertEquals("lamina: init: a confined init host not started by the zygote\n", stderr);
        }
    }

    @Test
    void itStartsOnlyConfinedInitHosts() throws Exception {
        end(InitHosts.onDemand(files, true).take()); // the zygote runs
        long zygote = zygote();
        try (HostCalls h = new HostCalls()) {
            int[] channel = pair(h, Sysno.SOCKETPAIR, Flags.SOCK_STREAM);
            // An init host that would run without a Landlock domain, and one that would be a second zygote.
            for (List<String> argv : List.of(List.of("lamina-init", "spawn"), List.of("lamina-init", "zygote"),
                    List.of("lamina-init", "spawn", "confine", "more"))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Zygote.spawn(files.initHost(), argv, channel[1], new int[] {0, 1, 2}));
                assertEquals("the zygote starts init hosts confined only", e.getMessage());
            }
            h.syscall(Sysno.CLOSE, channel[0]);
            h.syscall(Sysno.CLOSE, channel[1]);
        }
        assertEquals(zygote, zygote(), "the same zygote serves on");
        assertEquals(0, ProcessHandle.current().children().filter(p -> cmdline(p.pid()).equals("lamina-init spawn")).count());
    }

    @Test
    void aZygoteThatEndedIsReplaced() throws Exception {
        end(InitHosts.onDemand(files, true).take());
        long first = zygote();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        for (int i = 0; i < 100 && !status(first).get("State").startsWith("Z"); i++) Thread.sleep(20);
        InitHosts.Started s = InitHosts.onDemand(files, true).take();
        try {
            assertConfined(status(s.hostPid()));
            assertNotEquals(first, zygote());
            assertTrue(Files.notExists(Path.of("/proc/" + first)), "the zygote that ended was reaped");
        } finally {
            end(s);
        }
    }

    @Test
    void aHostThatCannotBeStartedAheadIsSaidAtTheTake() throws Exception {
        Path lib = Files.createDirectories(work.resolve("broken-lib"));
        Files.writeString(lib.resolve("lamina-init"), "not a program\n");
        Files.copy(files.muslPlus(), lib.resolve(files.muslPlus().getFileName()));
        // Before, the starter thread died of it and every take waited for ever.
        InitHosts hosts = InitHosts.preStarted(RuntimeFiles.in(lib), true);
        IllegalStateException e = assertThrows(IllegalStateException.class, hosts::take);
        assertTrue(e.getMessage().startsWith("cannot start " + lib.resolve("lamina-init")), e.getMessage());
    }

    @Test
    void aConfinedGuestCannotSignalTheZygote() throws Exception {
        Path root = AlpineRootfs.unpack(work.resolve("root"));
        Command.ok("musl-gcc", "-static", "-O2", "-o", root.resolve("bin/escape").toString(),
                Path.of(getClass().getResource("/guest/escape.c").toURI()).toString());
        end(InitHosts.onDemand(files, true).take());
        long zygote = zygote();
        // Through the init host's own syscall instruction, as hostile native code would (escape.c).
        String attack = "/bin/escape /none /none " + zygote + " lamina-zygote-test /none.sock /none.dgram > /out 2>&1";
        ContainerConfig config = new ContainerConfig(root, work.resolve("state"), List.of("sh", "-c", attack),
                List.of("PATH=/usr/bin:/bin"), "zygote", "/", 0, 0, true, false, List.of(), Confinement.HOST_NETWORK);
        try (Kernel kernel = new Kernel(config, files)) {
            assertEquals(0, kernel.run(InitHosts.onDemand(files, true)));
        }
        String out = Files.readString(root.resolve("out"));
        assertTrue(out.lines().anyMatch("kill -1"::equals), out);
        assertTrue(status(zygote).get("State").matches("[RS].*"), "the zygote still runs");
        assertEquals(zygote, zygote());
    }

    private static void assertConfined(Map<String, String> status) {
        assertEquals("2", status.get("Seccomp"), "the container filter");
        assertEquals("1", status.get("NoNewPrivs"));
        assertEquals(0, Long.parseLong(status.get("CapPrm"), 16) & ~KEPT_CAPABILITY, "capabilities dropped");
    }

    /** The zygote: this JVM's child running `lamina-init zygote`. */
    private static long zygote() {
        List<Long> found = ProcessHandle.current().children().filter(p -> cmdline(p.pid()).equals("lamina-init zygote"))
                .filter(p -> !status(p.pid()).get("State").startsWith("Z")).map(ProcessHandle::pid).toList();
        assertEquals(1, found.size(), "one zygote: " + found);
        return found.getFirst();
    }

    /**
     * A just-spawned process's command line. The vfork-style clone lets its parent go on once the exec has replaced
     * its memory, a moment before the exec lays out the arguments, when the command line reads empty.
     */
    private static String execedCmdline(long pid) throws InterruptedException {
        String line = cmdline(pid);
        for (int i = 0; i < 100 && line.isEmpty(); i++) {
            Thread.sleep(10);
            line = cmdline(pid);
        }
        return line;
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').trim();
        } catch (Exception e) {
            return "";
        }
    }

    private static Map<String, String> status(long pid) {
        Map<String, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) m.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        } catch (Exception e) {
            // ended and reaped: no fields
        }
        return m;
    }

    /** A pipe (type -1) or a socketpair of type's two descriptors, close-on-exec. */
    private static int[] pair(HostCalls h, long call, int type) {
        MemorySegment fds = h.scratch(8);
        long r = type < 0 ? h.syscall(call, fds.address(), Flags.O_CLOEXEC)
                : h.syscall(call, Flags.AF_UNIX, type | Flags.SOCK_CLOEXEC, 0, fds.address());
        assertEquals(0, r);
        int[] pair = {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
        h.release();
        return pair;
    }

    /** Waits for this JVM's child pid; its exit status. */
    private static int exitStatus(HostCalls h, int pid) {
        long fd = h.syscall(Sysno.PIDFD_OPEN, pid, 0);
        assertTrue(fd >= 0);
        MemorySegment info = h.scratch(128);
        assertEquals(0, h.syscall(Sysno.WAITID, Flags.P_PIDFD, fd, info.address(), Flags.WEXITED, 0));
        h.syscall(Sysno.CLOSE, fd);
        return info.get(ValueLayout.JAVA_INT, 24); // siginfo's si_status
    }

    /** Hangs up on an init host that waits for its plan, which then ends; reaps it. */
    private static void end(InitHosts.Started s) {
        try (HostCalls h = new HostCalls()) {
            h.syscall(Sysno.CLOSE, s.channelFd());
            exitStatus(h, s.hostPid());
        }
    }
}
