package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict mode reports a syscall instruction that a program musl+ loads
 * executes around it (guest/raw_write.c) with its number and address and
 * fails the run; compat mode serves the same call. A static executable
 * (Debian's static busybox, which has its own libc) is served by traps in
 * either mode: it has no musl+ to call through. In both,
 * the init host's own descriptors (its channels and lifeline) are refused
 * with EBADF to every call that names one: a guest that could write on its
 * channel could forge the kernel's messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyscallModesTest {
    private static final Path STATIC_BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    static Path work;
    private Path root;

    @BeforeAll
    void setUp() throws Exception {
        assertTrue(Files.isRegularFile(STATIC_BUSYBOX), "Debian's busybox-static is needed (scripts/setup-debian)");
        String kind = Command.ok("file", "-L", STATIC_BUSYBOX.toString()).stdout();
        assertTrue(kind.contains("statically linked") || kind.contains("static-pie"), kind);
        root = AlpineRootfs.unpack(work.resolve("root"));
        Files.copy(STATIC_BUSYBOX, root.resolve("bin/busybox-static"));
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/glibc-spawn").toString(),
                Path.of(getClass().getResource("/guest/spawn.c").toURI()).toString());
        String reservedFds = Path.of(getClass().getResource("/guest/reserved_fds.c").toURI()).toString();
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/reserved-fds").toString(), reservedFds);
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/reserved-fds-glibc").toString(), reservedFds);
        String altstack = Path.of(getClass().getResource("/guest/altstack_calls.c").toURI()).toString();
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/altstack-calls").toString(), altstack);
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/altstack-calls-glibc").toString(), altstack);
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/raw-write").toString(),
                Path.of(getClass().getResource("/guest/raw_write.c").toURI()).toString());
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/clone-vm-glibc").toString(),
                Path.of(getClass().getResource("/guest/clone_vm.c").toURI()).toString());
        String audit = Path.of(getClass().getResource("/guest/audit_socket.c").toURI()).toString();
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/audit-socket").toString(), audit);
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/audit-socket-glibc").toString(), audit);
        // A root of its own for chroot, as one is unpacked: musl's own loader at musl's path.
        Files.createDirectories(root.resolve("jail/bin"));
        Files.createDirectories(root.resolve("jail/lib"));
        Files.copy(root.resolve("bin/busybox"), root.resolve("jail/bin/busybox"));
        Files.copy(root.resolve("lib/ld-musl-x86_64.so.1"), root.resolve("jail/lib/ld-musl-x86_64.so.1"));
        String seccomp = Path.of(getClass().getResource("/guest/seccomp_filters.c").toURI()).toString();
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/seccomp-filters").toString(), seccomp);
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/seccomp-filters-glibc").toString(), seccomp);
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/signal-mask-glibc").toString(),
                Path.of(getClass().getResource("/guest/signal_mask.c").toURI()).toString());
    }

    private Command.Result run(boolean compat, String... command) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString(), "run", "--rootfs", root.toString()));
        if (compat) argv.add("--compat");
        argv.add("--");
        argv.addAll(List.of(command));
        return Command.run(argv, Map.of(), null, 60);
    }

    /** The host's audit system is refused as by a kernel without audit (guest/audit_socket.c), whether musl+ or a
     * trapped static program makes the socket: sudo warned "unable to send audit message" on every run. */
    @Test
    void theHostsAuditSocketIsRefusedAsByAKernelWithoutAudit() {
        for (String program : List.of("/bin/audit-socket", "/bin/audit-socket-glibc")) {
            Command.Result r = run(program.endsWith("glibc"), program);
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("audit socket: EPROTONOSUPPORT\nroute socket: made\n", r.stdout(), program);
        }
    }

    /** clone(CLONE_VM) without CLONE_VFORK is refused (guest/clone_vm.c): served as a fork, LeakSanitizer's tracer
     * got a copy of memory, and every AddressSanitizer program hung at its exit. */
    @Test
    void aCloneSharingMemoryWithoutVforkIsRefused() {
        Command.Result r = run(true, "/bin/clone-vm-glibc");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("CLONE_VM: Function not implemented\nCLONE_VM | CLONE_VFORK: made\n", r.stdout());
    }

    /**
     * A program's own seccomp filters (guest/seccomp_filters.c; conformance's procs/seccomp compares the rest with
     * a native run): the mode reads as under Docker's default profile, and the filters judge what musl+ and the
     * traps bring alike, the calls the init host answers before its dispatcher too, shown the pc of the call; a
     * SIGSYS the program ignores ends it, as Linux's. Before, a trapped program's rt_sigprocmask and thread clone
     * passed any filter, the pc was 0, and an ignored SIGSYS let the program go on.
     */
    @Test
    void aProgramsOwnFiltersJudgeEveryCallItMakes() {
        String common = "mode: 2\nstrict: EINVAL\na filter shown the pc: ok\nrt_sigprocmask: EPERM\n";
        String end = "uname trapped with SIGSYS ignored: Bad system call\n";
        Command.Result musl = run(false, "/bin/seccomp-filters");
        assertEquals(0, musl.exitCode(), musl.toString());
        assertEquals(common + "pthread_create: EAGAIN\n" + end, musl.stdout()); // musl's pthread_create says EAGAIN for any clone failure
        Command.Result glibc = run(true, "/bin/seccomp-filters-glibc");
        assertEquals(0, glibc.exitCode(), glibc.toString());
        assertEquals(common + "pthread_create: EPERM\n" + end, glibc.stdout());
    }

    /** A musl program in a root of its own (chroot) runs through musl+ all the same: it ran the root's own musl,
     * in strict mode, and died at its first system call. */
    @Test
    void aMuslProgramInARootOfItsOwnRunsThroughMuslPlus() {
        Command.Result r = run(false, "chroot", "/jail", "/bin/busybox", "sh", "-c", "echo inside; cd ..; /bin/busybox ls /");
        assertEquals("inside\nbin\nlib\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void strictModeReportsTheSyscallAndFails() {
        Command.Result r = run(false, "/bin/raw-write");
        assertEquals(159, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
        assertTrue(Pattern.compile("strict mode: guest code at 0x[0-9a-f]+ made system call \\d+ directly")
                .matcher(r.stderr()).find(), r.toString());
    }

    @Test
    void strictModeFailsTheRunEvenWhenAChildIsTheCulprit() {
        Command.Result r = run(false, "sh", "-c", "/bin/raw-write; echo parent goes on");
        assertEquals("parent goes on\n", r.stdout(), r.toString());
        assertEquals(159, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("lamina: strict mode: process 2 made system call"), r.toString());
    }

    /** A static executable has no musl+ to call through: it is served by traps whatever the mode. */
    @Test
    void aStaticBinaryIsServedInStrictModeToo() {
        Command.Result r = run(false, "/bin/busybox-static", "sh", "-c", "echo hi; /bin/busybox-static uname -m");
        assertEquals("hi\nx86_64\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void compatModeServesADynamicProgramsOwnSyscall() {
        Command.Result r = run(true, "/bin/raw-write");
        assertEquals("raw\nafter\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void compatModeServesAStaticBinary() {
        Command.Result r = run(true, "/bin/busybox-static", "sh", "-c",
                "echo hi; id; /bin/busybox-static uname -m; echo piped | /bin/busybox-static tr a-z A-Z; exit 3");
        assertEquals("hi\nuid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\nx86_64\nPIPED\n",
                r.stdout(), r.toString());
        assertEquals(3, r.exitCode(), r.toString());
    }

    @Test
    void compatModeServesGlibcPosixSpawn() {
        Command.Result r = run(true, "/bin/glibc-spawn");
        assertEquals("spawned\nchild exited 0\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void compatModeStillConfinesPaths() throws Exception {
        Command.Result r = run(true, "/bin/busybox-static", "cat", "/../../etc/passwd");
        assertEquals(Files.readString(root.resolve("etc/passwd")), r.stdout(), r.toString());
    }

    /** The dispatcher keeps its buffers off the guest's stack: handlers on a small sigaltstack make routed
     * calls. Compat mode gets 8 KiB plus a kernel frame's room, since its handler's calls each trap (SIGSYS)
     * and put a second kernel frame on the same stack. */
    @Test
    void signalHandlersOnASmallAltstackMakeCallsInBothModes() {
        for (String size : new String[] {"min", "8192"}) {
            Command.Result r = run(false, "/bin/altstack-calls", size);
            assertEquals(size + ": ok\n", r.stdout(), r.toString());
            assertEquals(0, r.exitCode(), r.toString());
        }
        // 8 KiB alone overflowed now and then with AVX-512's 3.3 KiB frames ("overflowed sigaltstack").
        Command.Result r = run(true, "/bin/altstack-calls-glibc", "trap");
        assertEquals("trap: ok\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    /** A mask set by a call that traps holds after the trap returns (rt_sigreturn restores the trap frame's). */
    @Test
    void compatModeKeepsTheSignalMaskACallSets() throws Exception {
        Command.Result r = run(true, "/bin/signal-mask-glibc");
        String expected = "handled while blocked 0, pending 1, blocked 1, sigsys blocked 1, handled after 1\n";
        assertEquals(expected, Command.run(List.of(root.resolve("bin/signal-mask-glibc").toString()), Map.of(), null, 30).stdout(),
                "natively");
        assertEquals(expected, r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void theInitHostsDescriptorsAreRefusedInBothModes() {
        for (boolean compat : new boolean[] {false, true}) {
            Command.Result r = run(compat, compat ? "/bin/reserved-fds-glibc" : "/bin/reserved-fds");
            assertEquals("0 not refused; parent 0\n", r.stdout(), r.toString());
            assertEquals(0, r.exitCode(), r.toString());
        }
        Command.Result r = run(false, "sh", "-c", "echo x >&1023; echo write=$?; (exec 5>&1022) 2>/dev/null; echo exec=$?; "
                + "cat <&1023; echo read=$?");
        assertEquals("write=1\nexec=1\nread=1\n", r.stdout(), r.toString());
    }
}
