package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * glibc programs: a Debian 12 root made by debootstrap (scripts/debian-root),
 * imported as an image, runs bash, coreutils, dpkg, apt-get, perl and a
 * threaded glibc program with the same output as a chroot into a copy of the
 * same root. Such programs bring their own libc (glibc's ld.so loads them, not
 * musl+), so Lamina serves them in compat mode by itself: a system call traps
 * (Syscall User Dispatch) and goes to the dispatcher, and a call site of the
 * commonest shape is rewritten at its first trap to call it directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlibcImageTest {
    private static final String IMAGE = "lamina-test/debian:bookworm";
    private static final String HOST = "glibc-test";

    @TempDir
    static Path work;
    private Path dataRoot;
    private Path nativeRoot;
    private Path bin;

    @BeforeAll
    void setUp() throws Exception {
        assertTrue(Repo.isRoot(), "debootstrap and the native side need root");
        String tarball = Command.ok(Repo.root().resolve("scripts/debian-root").toString()).stdout().strip();
        dataRoot = Files.createDirectories(work.resolve("data"));
        Command.Result imported = Runs.withDataRoot(dataRoot, "import", tarball, IMAGE);
        assertEquals(0, imported.exitCode(), imported.toString());
        nativeRoot = Files.createDirectories(work.resolve("native"));
        Command.ok("tar", "--numeric-owner", "-C", nativeRoot.toString(), "-xf", tarball);
        Runs.prepareNativeDev(nativeRoot);
        // The thread test's program (mutex, condition variable, TLS), built against the host's glibc
        // (Debian 12's, as the root's).
        bin = Files.createDirectories(work.resolve("bin"));
        Command.ok("gcc", "-O2", "-pthread", "-o", bin.resolve("threads").toString(),
                Path.of(getClass().getResource("/guest/pthreads.c").toURI()).toString());
        Command.ok("gcc", "-O2", "-pthread", "-o", bin.resolve("call_sites").toString(),
                Path.of(getClass().getResource("/guest/call_sites.c").toURI()).toString());
        Command.ok("gcc", "-O2", "-pthread", "-o", bin.resolve("handler_mask").toString(),
                Path.of(getClass().getResource("/guest/handler_mask.c").toURI()).toString());
        Command.ok("gcc", "-O2", "-o", bin.resolve("vfork_stores").toString(),
                Path.of(getClass().getResource("/guest/vfork_stores.c").toURI()).toString());
        Command.ok("gcc", "-O2", "-pthread", "-o", bin.resolve("robust_unmapped").toString(),
                Path.of(getClass().getResource("/guest/robust_unmapped.c").toURI()).toString());
        Command.ok("gcc", "-O2", "-pthread", "-o", bin.resolve("glibc_vdso").toString(),
                Path.of(getClass().getResource("/guest/glibc_vdso.c").toURI()).toString());
        // A Go library a glibc program loads (Debian's Go, as GoStaticBinaryTest builds it): its runtime reads the vDSO too
        Command.Result go = Command.run(List.of("go", "build", "-buildmode=c-shared", "-o", bin.resolve("libclock.so").toString(),
                Path.of(getClass().getResource("/guest/go/clock_lib.go").toURI()).toString()),
                Map.of("GOCACHE", work.resolve("gocache").toString(), "HOME", work.toString(), "GO111MODULE", "off"), work, 300);
        assertEquals(0, go.exitCode(), go.toString());
        Command.ok("gcc", "-O2", "-o", bin.resolve("glibc_go_lib").toString(),
                Path.of(getClass().getResource("/guest/glibc_go_lib.c").toURI()).toString());
        // Debian's rustc (not a rustup toolchain a PATH may put first): Rust's std gives each thread a
        // signal stack and, as the thread ends, disables it and unmaps it (all of them died of SIGSEGV
        // before, the disable being lost)
        Command.ok("/usr/bin/rustc", "-O", "-o", bin.resolve("rust_threads").toString(),
                Path.of(getClass().getResource("/guest/rust_threads.rs").toURI()).toString());
        // Rust's Command (glibc's posix_spawn, trapped on the main thread's alternate stack: a missing
        // program was "spawned", then the child died on that small stack) and a main thread's stack
        // overflow (it wrote into libc's data below the stack, with no message)
        Command.ok("/usr/bin/rustc", "-O", "-o", bin.resolve("rust_process").toString(),
                Path.of(getClass().getResource("/guest/rust_process.rs").toURI()).toString());
        Files.createDirectories(nativeRoot.resolve("t"));
        for (String program : List.of("threads", "call_sites", "handler_mask", "vfork_stores", "robust_unmapped", "glibc_vdso", "glibc_go_lib", "libclock.so", "rust_threads", "rust_process"))
            Files.copy(bin.resolve(program), nativeRoot.resolve("t/" + program));
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("bash", List.of("bash", "-c",
                        "echo $BASH_VERSION; a=(1 2 3); echo ${#a[@]} $(( 6 * 7 )); type -t cd; f() { local x=$1; echo ${x^^}; }; f deb")),
                Arguments.of("coreutils", List.of("sh", "-c",
                        "seq 1 10 | sort -rn | head -3; printf 'b\\na\\n' | sort; echo hello | tr a-z A-Z; wc -l < /etc/passwd; "
                                + "ls /etc/apt | sort; stat -c %a:%U:%G /etc/shadow; date -u -d @0 +%Y-%m-%d; id; basename /a/b/c; "
                                + "cut -d: -f1 /etc/passwd | head -3; mkdir -p /tmp/d/e && touch /tmp/d/e/f && find /tmp/d | sort; "
                                + "cp /etc/hostname /tmp/h && cmp /etc/hostname /tmp/h && echo same; sha256sum /etc/debian_version; "
                                + "echo shm > /dev/shm/f && cp /dev/shm/f /tmp/f && mv /dev/shm/f /tmp/g && cat /tmp/f /tmp/g")),
                Arguments.of("dpkg -l", List.of("dpkg", "-l")),
                Arguments.of("apt-get --version", List.of("apt-get", "--version")),
                Arguments.of("perl", List.of("perl", "-e",
                        "use strict; my %h = (a => 1, b => 2); print join(',', map { \"$_=$h{$_}\" } sort keys %h), \"\\n\";"
                                + " printf(\"%.4f\\n\", atan2(1, 1) * 4); my @s = sort { $b <=> $a } (3, 10, 2); print \"@s\\n\";")),
                Arguments.of("threads", List.of("/t/threads")),
                Arguments.of("Rust's threads", List.of("/t/rust_threads")),
                Arguments.of("Rust's processes and a stack overflow", List.of("/t/rust_process")),
                Arguments.of("posix_spawn's errors and vfork's stores", List.of("/t/vfork_stores")),
                Arguments.of("robust mutexes held in unmapped memory at a thread's and the process's end", List.of("/t/robust_unmapped")),
                Arguments.of("calls from a handler blocking every signal; threads by id", List.of("/t/handler_mask")),
                // None was given, so glibc made each a system call, and gettimeofday's trapped every time
                Arguments.of("the vDSO and the time calls made through it", List.of("/t/glibc_vdso")),
                // its version tables (Go's runtime read them as there, and the program died of SIGSEGV)
                Arguments.of("a Go library a glibc program loads", List.of("/t/glibc_go_lib", "/t/libclock.so")));
    }

    /**
     * A JVM (this test's own JDK, bound in): it starts (it died of SIGSYS before: its signal
     * handlers block every signal, and its threads name themselves by id), runs threads and a
     * child process, and sizes itself by the container's limits, which it finds as on Docker:
     * cgroup v2, told by /sys/fs/cgroup's statfs type.
     */
    @Test
    void aJvmRunsAndSeesItsContainersLimits() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Path src = Files.createDirectories(work.resolve("jvm-src"));
        Files.writeString(src.resolve("Work.java"), """
                import java.util.concurrent.*;
                public class Work {
                    public static void main(String[] args) throws Exception {
                        ExecutorService pool = Executors.newFixedThreadPool(4);
                        long sum = 0;
                        Callable<Long> task = () -> {
                            long s = 0;
                            for (int i = 0; i < 100_000; i++) s += i;
                            return s;
                        };
                        for (Future<Long> f : pool.invokeAll(java.util.Collections.nCopies(16, task))) sum += f.get();
                        pool.shutdown();
                        Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
                        System.out.println("sum " + sum + ", child " + child.waitFor()
                                + ", processors " + Runtime.getRuntime().availableProcessors());
                    }
                }
                """);
        Command.Result r = Runs.withDataRoot(dataRoot, "run", "--memory", "256m", "--cpus", "1", "-v", jdk + ":/jdk:ro",
                "-v", src + ":/src:ro", IMAGE, "sh", "-c",
                "/jdk/bin/java -XshowSettings:system -version 2>&1 | grep -E 'Effective CPU Count|Memory Limit:' && cd /tmp && /jdk/bin/java /src/Work.java");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("Effective CPU Count: 1", "Memory Limit: 256.00M", "sum 79999200000, child 7, processors 1"),
                r.stdout().lines().map(String::strip).toList(), r.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void sameAsAChroot(String name, List<String> command) {
        List<String> run = new ArrayList<>(List.of("run", "--hostname", HOST, "-v", bin + ":/t:ro", IMAGE));
        run.addAll(command);
        Command.Result lamina = Runs.withDataRoot(dataRoot, run.toArray(String[]::new));
        Command.Result nat = Runs.nativeChroot(nativeRoot, HOST, command.toArray(String[]::new));
        String context = name + "\nLamina: " + lamina + "\nnative: " + nat;
        assertEquals(nat.exitCode(), lamina.exitCode(), context);
        assertEquals(nat.stdout(), lamina.stdout(), context);
        assertEquals(nat.stderr(), lamina.stderr(), context);
        assertFalse(nat.stdout().isEmpty(), context);
    }

    /**
     * A call site in the shape Lamina rewrites at its first trap (`mov $NR,%eax; syscall`)
     * is rewritten, one that no aligned 8 or 16 bytes hold too, while four threads call it
     * (it trapped for ever in a process with threads: a fifth of glibc's sites, futex's wake
     * and epoll_wait's among them), and a call through it keeps what the syscall instruction keeps (the
     * registers, flags, vector registers, red zone), under a timer's signals, in threads
     * and in a forked child; glibc's read (`xor %eax,%eax; syscall`) is rewritten too, and
     * reads through it, with a signal's EINTR and SA_RESTART (call_sites.c); natively
     * both stay as built.
     */
    @Test
    void aRewrittenCallSiteKeepsWhatTheSyscallInstructionKeeps() {
        Command.Result lamina = Runs.withDataRoot(dataRoot, "run", "-v", bin + ":/t:ro", IMAGE, "/t/call_sites");
        Command.Result nat = Runs.nativeChroot(nativeRoot, HOST, "/t/call_sites");
        assertEquals(0, nat.exitCode(), nat.toString());
        String asBuilt = "site: as built\nread: as built\nodd site: as built\n";
        assertTrue(nat.stdout().startsWith(asBuilt), nat.toString());
        String checks = nat.stdout().substring(asBuilt.length());
        assertFalse(checks.contains("changed") || checks.contains("failed") || checks.contains("wrong") || checks.contains("no ")
                || checks.contains("missing") || checks.contains("did not"), nat.toString());
        assertEquals(0, lamina.exitCode(), lamina.toString());
        assertEquals("site: rewritten\nread: rewritten\nodd site: rewritten\n" + checks, lamina.stdout(), lamina.toString());
    }

    /** `--init` in a usr-merged image (Debian's /sbin is a link to usr/sbin): docker-init is placed where the link
     * leads, as Docker places it, and runs the command as pid 1's child. */
    @Test
    void initRunsInAUsrMergedImage() {
        assertTrue(Files.isSymbolicLink(nativeRoot.resolve("sbin")), "Debian 12's root is usr-merged");
        Command.Result r = Runs.withDataRoot(dataRoot, "run", "--init", IMAGE, "sh", "-c", "cat /proc/1/comm; echo $$; ls /usr/sbin/docker-init");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("docker-init\n2\n/usr/sbin/docker-init\n", r.stdout(), r.toString());
    }
}
