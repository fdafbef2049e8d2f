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
        for (String name : List.of("pthreads", "cancel")) {
            Path program = work.resolve(name);
            Command.ok(aarch64Compile(Path.of(getClass().getResource("/guest/" + name + ".c").toURI()), program));
            for (Path root : List.of(laminaRoot, nativeRoot))
                Files.copy(program, root.resolve("tmp/" + name));
        }
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

    static Stream<Arguments> cases() {
        UnaryOperator<String> none = Normalize.NONE;
        return Stream.of(
                c("echo", none, "echo", "hello", "world"),
                c("uname -m", none, "uname", "-m"),
                c("cat os-release", none, "cat", "/etc/os-release"),
                c("ls -la /", Normalize.LS_ROOT, "ls", "-la", "/"),
                c("ls -l /bin", Normalize.LS_TIMES, "ls", "-l", "/bin"),
                c("id", none, "id"),
                c("hostname", none, "hostname"),
                // qemu-user lays the native side's environment out in reverse: compared as a set.
                c("env", Aarch64DifferentialTest::sortedLines, "env"),
                c("cd /tmp && pwd", none, "sh", "-c", "cd /tmp && pwd"),
                c("find", none, "find", "/etc", "-name", "*.conf"),
                c("sort and uniq", none, "sh", "-c", "cut -d: -f7 /etc/passwd | sort | uniq -c"),
                c("sed", none, "sed", "-n", "s/:.*//p", "/etc/group"),
                c("awk", none, "awk", "-F:", "$3 < 10 { print $1, $3 }", "/etc/passwd"),
                c("md5sum", none, "md5sum", "/bin/busybox", "/etc/os-release"),
                c("stat of files and directories", none, "sh", "-c",
                        "stat -c '%n %s %a %h %u %g %F' /etc/passwd /bin /etc/os-release; test -d /etc && test ! -d /etc/passwd && echo types"),
                c("opendir (O_DIRECTORY) and O_NOFOLLOW", none, "sh", "-c",
                        "ls /etc | wc -l; ln -s /etc/passwd /tmp/l; cat /tmp/l | head -1; ls -l /tmp/l | cut -c1; rm /tmp/l"),
                c("tar c and x in /tmp", none, "sh", "-c",
                        "cd /tmp && tar cf t.tar /etc/os-release /etc/passwd 2>/dev/null && mkdir -p x && "
                        + "tar xf t.tar -C x && find x | sort && md5sum x/etc/passwd && rm -r x t.tar"),
                c("sh pipes", none, "sh", "-c", "echo hello | tr a-z A-Z | sed s/L/l/g"),
                c("sh redirections", none, "sh", "-c",
                        "echo a > /tmp/f; echo b >> /tmp/f; cat < /tmp/f; ls /nonexistent 2>/dev/null; echo $?; echo err >&2; rm /tmp/f"),
                c("sh subshells", none, "sh", "-c", "x=1; (x=2; cd /etc && pwd); echo $x; pwd"),
                c("sh command substitution and arithmetic", none, "sh", "-c", "echo \"[$(echo inner)] $((6*7))\""),
                c("background job killed", none, "sh", "-c", "{ sleep 10 & pid=$!; kill $pid; wait $pid; echo status=$?; } 2>/dev/null"),
                c("jobs", none, "sh", "-c", "sleep 5 & jobs; kill %1; wait; echo done"),
                c("trap SIGTERM", none, "sh", "-c", "trap 'echo caught TERM; exit 3' TERM; kill -TERM $$; sleep 1; echo missed"),
                c("false", none, "false"),
                c("exit 42", none, "sh", "-c", "exit 42"),
                c("killed by SIGKILL", none, "sh", "-c", "sh -c 'kill -9 $$'; echo $?"),
                c("command not found", none, "sh", "-c", "no-such-command; echo $?"),
                c("apk --version", none, "apk", "--version"),
                c("apk info", none, "apk", "info"),
                c("pthreads", none, "/tmp/pthreads"),
                // qemu-user 7.2 has no robust futex lists (set_robust_list is ENOSYS), natively either.
                c("pthread_cancel of blocked threads", none, "/tmp/cancel"));
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
        Command.Result lamina = Runs.lamina(laminaRoot, HOST, ARM64, command);
        Command.Result nat = Runs.nativeChroot(nativeRoot, HOST, command);
        String context = name + "\nLamina: " + lamina + "\nnative: " + nat;
        assertEquals(nat.exitCode(), lamina.exitCode(), context);
        assertEquals(normalize.apply(nat.stdout()), normalize.apply(lamina.stdout()), context);
        assertEquals(normalize.apply(nat.stderr()), normalize.apply(lamina.stderr()), context);
    }

    /** Without Syscall User Dispatch (qemu-user has none) guest code's own calls cannot be trapped: a
     * static program is refused with a message, never run with its calls going to the host. */
    @Test
    void aStaticProgramIsRefused() throws Exception {
        Path program = laminaRoot.resolve("tmp/static");
        Path source = Path.of(getClass().getResource("/guest/pthreads.c").toURI());
        Command.ok("aarch64-linux-gnu-gcc", "-static", "-O2", "-o", program.toString(), source.toString(), "-lpthread");
        Command.Result r = Runs.lamina(laminaRoot, HOST, ARM64, "/tmp/static");
        assertEquals(126, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("only programs that musl+ loads can run"), r.toString());
        assertEquals("", r.stdout(), r.toString());
    }

    /** An architecture Lamina has no init host for is refused before anything runs. */
    @Test
    void anUnknownPlatformIsRefused() {
        Command.Result r = Runs.lamina(laminaRoot, HOST, List.of("--platform", "linux/riscv64"), "/bin/true");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("cannot run riscv64 programs"), r.toString());
    }
}
