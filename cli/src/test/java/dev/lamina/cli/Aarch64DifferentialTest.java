package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Normalize;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alpine 3.20's aarch64 binaries on this x86-64 machine: in Lamina (`--platform linux/arm64`: the
 * aarch64 init host and musl+ under qemu-user, talking to the kernel in this JVM) against the same
 * command run natively under qemu in a chroot of a second copy of the root. Same stdout, stderr and
 * exit status, up to the normalisation named per case. qemu-user is registered with binfmt_misc by
 * scripts/setup-debian.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Aarch64DifferentialTest {
    private static final String HOST = "lamina-test";
    private static final List<String> ARM64 = List.of("--platform", "linux/arm64");
    private static final List<String> DARWIN_RULES = List.of("--platform", "linux/arm64", "--darwin-rules");

    @TempDir
    static Path work;
    private Path laminaRoot;
    private Path nativeRoot;

    @BeforeAll
    void unpack() throws Exception {
        assertTrue(Repo.isRoot(), "the native side of these tests needs root (chroot, namespaces)");
        assertTrue(Files.exists(Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64")),
                "qemu-user must be registered for aarch64 with binfmt_misc (scripts/setup-debian does it)");
        laminaRoot = AlpineRootfs.unpack(work.resolve("lamina"), "aarch64");
        nativeRoot = AlpineRootfs.unpack(work.resolve("native"), "aarch64");
        Runs.prepareNativeDev(nativeRoot);
        for (String name : List.of("pthreads", "cancel", "jit", "raw_open", "sysv_ipc")) {
            Path program = work.resolve(name);
            Command.ok(aarch64Compile(Path.of(getClass().getResource("/guest/" + name + ".c").toURI()), program));
            for (Path root : List.of(laminaRoot, nativeRoot))
                Files.copy(program, root.resolve("tmp/" + name));
        }
        // Static programs of glibc's (Debian's cross toolchain): their own svc, tpidr_el0 and raw clones.
        Command.ok("aarch64-linux-gnu-gcc", "-static", "-O2", "-o", laminaRoot.resolve("tmp/static_tls").toString(),
                Path.of(getClass().getResource("/guest/static_tls.c").toURI()).toString());
        for (Path root : List.of(laminaRoot, nativeRoot)) {
            Command.ok("aarch64-linux-gnu-gcc", "-static", "-O2", "-o", root.resolve("tmp/static_pthreads").toString(),
                    Path.of(getClass().getResource("/guest/pthreads.c").toURI()).toString(), "-lpthread");
            Command.ok("aarch64-linux-gnu-gcc", "-static", "-O2", "-o", root.resolve("tmp/altstack_calls").toString(),
                    Path.of(getClass().getResource("/guest/altstack_calls.c").toURI()).toString());
        }
        // A static Go program for arm64: Go's runtime makes every call itself (threads, signals, exec).
        Path go = work.resolve("gostatic");
        Command.Result built = Command.run(List.of("go", "build", "-o", go.toString(),
                        Path.of(getClass().getResource("/guest/go/gostatic.go").toURI()).toString()),
                java.util.Map.of("CGO_ENABLED", "0", "GOARCH", "arm64", "GOCACHE", work.resolve("gocache").toString(),
                        "HOME", work.toString(), "GO111MODULE", "off"), work, 300);
        assertEquals(0, built.exitCode(), built.toString());
        for (Path root : List.of(laminaRoot, nativeRoot)) Files.copy(go, root.resolve("tmp/gostatic"));
    }

    /** aarch64-linux-gnu-gcc against musl+'s aarch64 headers and libc (musl-plus/target/aarch64/sysroot),
     * the program's interpreter alpine's /lib/ld-musl-aarch64.so.1. */
    static String[] aarch64Compile(Path source, Path out) {
        Path sysroot = Repo.root().resolve("musl-plus/target/aarch64/sysroot/usr");
        String gccInclude = Command.ok("aarch64-linux-gnu-gcc", "-print-file-name=include").stdout().strip();
        Path lib = sysroot.resolve("lib");
        List<String> argv = new ArrayList<>(List.of("aarch64-linux-gnu-gcc", "-O2", "-nostdinc", "-isystem",
                sysroot.resolve("include").toString(), "-isystem", gccInclude, "-nostdlib", "-o", out.toString(),
                lib.resolve("crt1.o").toString(), lib.resolve("crti.o").toString(), source.toString(),
                "-L" + lib, "-lc", "-lgcc", lib.resolve("crtn.o").toString(), "-Wl,-dynamic-linker,/lib/ld-musl-aarch64.so.1"));
        return argv.toArray(String[]::new);
    }

    /** The x86-64 differential cases run here too: those of the execution core's list. */
    private static final Set<String> SHARED = Set.of("echo", "cat os-release", "ls -la /", "ls -l /bin", "id", "hostname",
            "cd /tmp && pwd", "find", "uniq", "sed", "awk", "md5sum", "tar c and x in /tmp", "sh pipes", "sh redirections",
            "sh subshells", "sh command substitution", "sh arithmetic", "background job killed", "trap SIGTERM", "false",
            "exit 42", "killed by SIGKILL", "command not found", "apk --version", "apk info", "pthreads",
            "pthread_cancel of threads blocked in read, pthread_cond_wait and nanosleep");

    static Stream<Arguments> cases() {
        UnaryOperator<String> none = Normalize.NONE;
        List<Arguments> shared = AlpineDifferentialTest.cases().filter(a -> SHARED.contains((String) a.get()[0])).toList();
        assertEquals(SHARED.size(), shared.size(), "every shared case is still in AlpineDifferentialTest");
        return Stream.concat(shared.stream(), Stream.of(
                c("uname -m", none, "uname", "-m"),
                // qemu-user lays the native side's environment out in reverse: compared as a set.
                c("env", Aarch64DifferentialTest::sortedLines, "env"),
                // struct stat and open flags are where aarch64's layout is not the channel's (guest_abi.h).
                c("stat of files and directories", none, "sh", "-c",
                        "stat -c '%n %s %a %h %u %g %F' /etc/passwd /bin /etc/os-release; test -d /etc && test ! -d /etc/passwd && echo types"),
                c("opendir (O_DIRECTORY) and O_NOFOLLOW", none, "sh", "-c",
                        "ls /etc | wc -l; ln -s /etc/passwd /tmp/l; cat /tmp/l | head -1; ls -l /tmp/l | cut -c1; rm /tmp/l"),
                c("jobs", none, "sh", "-c", "sleep 5 & jobs; kill %1; wait; echo done")));
        // Not compared: robust mutexes across processes (qemu-user 7.2 has no robust futex lists, natively either).
    }

    private static String sortedLines(String s) {
        return s.lines().sorted().collect(java.util.stream.Collectors.joining("\n"));
    }

    private static Arguments c(String name, UnaryOperator<String> normalize, String... command) {
        return Arguments.of(name, normalize, command);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsNativeUnderQemu(String name, UnaryOperator<String> normalize, String[] command) {
        compare(ARM64, name, normalize, command);
    }

    /** The same under the Apple-Silicon rules: every executable page a rewritten copy (no svc, no
     * tpidr_el0 of the guest's), never writable and executable at once, 16 KiB pages. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsNativeUnderTheDarwinRules(String name, UnaryOperator<String> normalize, String[] command) {
        compare(DARWIN_RULES, name, normalize, command);
    }

    /** What the rules change shows: 16 KiB pages; a static program's own svc and tpidr_el0
     * (thread-local variables, a fork) rewritten into calls that work; a JIT under W^X. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesCases")
    void underTheDarwinRules(String name, String expected, String[] command) {
        Command.Result r = Runs.lamina(laminaRoot, HOST, DARWIN_RULES, command);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(expected, r.stdout(), r.toString());
    }

    static Stream<Arguments> rulesCases() {
        return Stream.of(Arguments.of("AT_PAGESZ", "16384\n", new String[] {"getconf", "PAGESIZE"}),
                Arguments.of("a static program: thread-local variables, fork, write", "tls 42 in the child\ntls 7 in the parent\n",
                        new String[] {"/tmp/static_tls"}),
                // As natively (the pid is the container's: 1); without the rules the generated svc would reach qemu.
                Arguments.of("a JIT: memory asked W+X flips between read-write and read-execute; its own svc rewritten",
                        "first 42\nwritten again 43\ngetpid 1\n", new String[] {"/tmp/jit"}));
    }

    /** A static program's threads: glibc's pthread_create makes them by a raw clone (its own svc), which
     * under the rules starts the thread from the registers the rewritten svc saved. */
    @Test
    void aStaticProgramsThreadsUnderTheDarwinRules() {
        compare(DARWIN_RULES, "static pthreads", Normalize.NONE, new String[] {"/tmp/static_pthreads"});
    }

    /** A static Go program under the rules: its runtime's own svc (raw clones for its threads, its signal
     * handlers and SIGURG preemption, exec) rewritten; a clone's child finds what its parent left just below
     * its new stack, as Go's does. */
    @Test
    void aStaticGoProgramUnderTheDarwinRules() {
        compare(DARWIN_RULES, "static Go", Normalize.NONE, new String[] {"/tmp/gostatic"});
    }

    /** Handlers on a sigaltstack, run on a timer while the program's own calls are in the init host, make
     * calls of their own (guest/altstack_calls.c): a handler's call starts below the interrupted call's frames on
     * the svc stack, not at its top over them (the interrupted call returned into the handler's, or hung; Go's
     * futexwakeup got a futex wait's EINTR so). */
    @Test
    void handlersOnTheAlternateStackCallDuringCallsUnderTheDarwinRules() {
        compare(DARWIN_RULES, "altstack calls", Normalize.NONE, new String[] {"/tmp/altstack_calls", "min"});
    }

    /** System V IPC (guest/sysv_ipc.c), semid_ds moved into aarch64's layout by the init host, answers as Linux
     * does: compared with the same program on x86-64, natively (qemu-user's own msgrcv shows another receiver). */
    @Test
    void systemVIpcAnswersAsLinuxDoes() throws Exception {
        Path x86 = AlpineRootfs.unpack(work.resolve("x86-64"));
        Runs.prepareNativeDev(x86);
        Command.ok("musl-gcc", "-O2", "-o", x86.resolve("tmp/sysv_ipc").toString(),
                Path.of(getClass().getResource("/guest/sysv_ipc.c").toURI()).toString());
        Command.Result nat = Runs.nativeChroot(x86, HOST, "/tmp/sysv_ipc");
        assertEquals(0, nat.exitCode(), nat.toString());
        for (List<String> options : List.of(ARM64, DARWIN_RULES)) {
            Command.Result lamina = Runs.lamina(laminaRoot, HOST, options, "/tmp/sysv_ipc");
            assertEquals(0, lamina.exitCode(), lamina.toString());
            assertEquals(nat.stdout(), lamina.stdout(), options + "\nLamina: " + lamina + "\nnative: " + nat);
        }
    }

    private void compare(List<String> options, String name, UnaryOperator<String> normalize, String[] command) {
        Command.Result lamina = Runs.lamina(laminaRoot, HOST, options, command);
        Command.Result nat = Runs.nativeChroot(nativeRoot, HOST, command);
        String context = name + "\nLamina: " + lamina + "\nnative: " + nat;
        assertEquals(nat.exitCode(), lamina.exitCode(), context);
        assertEquals(normalize.apply(nat.stdout()), normalize.apply(lamina.stdout()), context);
        assertEquals(normalize.apply(nat.stderr()), normalize.apply(lamina.stderr()), context);
    }

    /** Without Syscall User Dispatch (qemu-user has none) guest code's own calls cannot be trapped: a
     * static program is refused with a message, never run with its calls going to the host. */
    @Test
    void aStaticProgramIsRefused() {
        Command.Result r = Runs.lamina(laminaRoot, HOST, ARM64, "/tmp/static_tls");
        assertEquals(126, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("only programs that musl+ loads can run"), r.toString());
        assertEquals("", r.stdout(), r.toString());
    }

    /** Every program and library of alpine's aarch64 root, rewritten as the rules do it
     * (lkl-linux/test/arm64_rules_check.c): no svc and no tpidr_el0 access left in its code, every
     * site a branch into the stubs; and whether it loads with 16 KiB pages (the survey in the README). */
    @Test
    void everyAlpineProgramRewritesAndLoadsWith16KiBPages() throws Exception {
        List<String> argv = new ArrayList<>(List.of(Repo.root().resolve("lkl-linux/target/test/arm64_rules_check").toString()));
        try (Stream<Path> files = Files.walk(laminaRoot)) {
            for (Path f : files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> !f.startsWith(laminaRoot.resolve("tmp"))).toList())
                if (Files.size(f) > 4 && java.util.Arrays.equals(java.util.Arrays.copyOf(Files.readAllBytes(f), 4),
                        new byte[] {0x7f, 'E', 'L', 'F'}))
                    argv.add(f.toString());
        }
        Command.Result r = Command.run(argv, java.util.Map.of(), null, 120);
        System.out.print(r.stdout());
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(argv.size() - 1, lines.size(), r.toString());
        assertTrue(lines.size() >= 15, "alpine's root holds its programs: " + lines.size());
        assertTrue(lines.stream().allMatch(l -> l.contains(" 0 left;") && l.endsWith("16 KiB pages: yes")), r.toString());
    }

    /** Under the rules pages are 16 KiB: a program linked for 4 KiB pages only is refused, saying so. */
    @Test
    void aProgramLinkedFor4KiBPagesIsRefusedUnderTheDarwinRules() throws Exception {
        Command.ok("aarch64-linux-gnu-gcc", "-static", "-O2", "-Wl,-z,max-page-size=4096", "-Wl,-z,common-page-size=4096",
                "-o", laminaRoot.resolve("tmp/linked4k").toString(),
                Path.of(getClass().getResource("/guest/static_tls.c").toURI()).toString());
        Command.Result r = Runs.lamina(laminaRoot, HOST, DARWIN_RULES, "/tmp/linked4k");
        assertEquals(126, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("linked for 4 KiB pages only"), r.toString());
        assertEquals("", r.stdout(), r.toString());
    }

    /** Guest code under qemu-user makes system calls of its own that nothing traps (no Syscall User
     * Dispatch): the emulator's process is confined before it starts, by the host's init host, so a host
     * file outside the container stays out of reach; with confinement off (LAMINA_CONFINE=0) the same
     * program opens it, which shows the test sees the confinement's work. */
    @Test
    void aForeignArchitecturesGuestIsConfinedToo() throws Exception {
        Path secret = Files.writeString(work.resolve("host-secret"), "not the container's\n");
        List<String> argv = Runs.laminaArgv(laminaRoot, HOST, ARM64, "/tmp/raw_open", secret.toString());
        Command.Result confined = Command.run(argv, java.util.Map.of(), null, 120);
        assertEquals("refused\n", confined.stdout(), confined.toString());
        Command.Result open = Command.run(argv, java.util.Map.of("LAMINA_CONFINE", "0"), null, 120);
        assertEquals("opened\n", open.stdout(), open.toString());
    }

    /** An architecture Lamina has no init host for is refused before anything runs. */
    @Test
    void anUnknownPlatformIsRefused() {
        Command.Result r = Runs.lamina(laminaRoot, HOST, List.of("--platform", "linux/riscv64"), "/bin/true");
        assertEquals(125, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("cannot run riscv64 programs"), r.toString());
    }
}
