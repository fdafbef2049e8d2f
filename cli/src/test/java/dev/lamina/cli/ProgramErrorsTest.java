package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Programs the loader cannot run get one line saying why and status 126. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgramErrorsTest {
    @TempDir
    static Path work;
    private Path root;

    @BeforeAll
    void setUp() throws Exception {
        root = AlpineRootfs.unpack(work.resolve("root"));
        Path arm = work.resolve("arm");
        Files.createDirectories(arm);
        Command.ok("tar", "-xzf", Repo.shared().resolve("images/alpine-minirootfs-3.20.3-aarch64.tar.gz").toString(),
                "-C", arm.toString(), "./bin/busybox");
        Files.copy(arm.resolve("bin/busybox"), root.resolve("bin/busybox-arm64"));
        Files.copy(Path.of("/bin/true"), root.resolve("bin/glibc-true"));
        Files.writeString(root.resolve("bin/truncated"), "\u007fELF\u0002\u0001\u0001");
        Command.ok("chmod", "755", root.resolve("bin/truncated").toString());
        byte[] object = Arrays.copyOf(Files.readAllBytes(root.resolve("bin/busybox")), 4096);
        object[16] = 1; // ET_REL: a whole header, of an object file
        object[17] = 0;
        Files.write(root.resolve("bin/object"), object);
        Command.ok("chmod", "755", root.resolve("bin/object").toString());
        // Whole headers, but segments that reach past the end: mapped, they would fault with SIGBUS.
        Files.write(root.resolve("bin/cut-short"), Arrays.copyOf(Files.readAllBytes(root.resolve("bin/busybox")), 64 * 1024));
        Command.ok("chmod", "755", root.resolve("bin/cut-short").toString());
    }

    private void expect(String program, String message) {
        Command.Result r = Runs.lamina(root, "errors", program);
        assertEquals(126, r.exitCode(), r.toString());
        assertEquals("", r.stdout());
        assertEquals("lamina: " + program + ": " + message + "\n", r.stderr());
    }

    @Test
    void anotherMachinesProgram() {
        expect("/bin/busybox-arm64", "this is an aarch64 program; this host runs x86_64");
    }

    @Test
    void aGlibcProgramWithoutItsLoader() {
        Command.Result r = Runs.lamina(root, "errors", "/bin/glibc-true");
        assertEquals(126, r.exitCode(), r.toString());
        assertEquals("lamina: /lib64/ld-linux-x86-64.so.2: the program's interpreter is missing in the image\n", r.stderr());
    }

    @Test
    void aTruncatedProgram() {
        expect("/bin/truncated", "truncated ELF header");
    }

    @Test
    void anObjectFile() {
        expect("/bin/object", "not a program (an ELF file of type 1)");
    }

    @Test
    void aProgramCutShort() {
        expect("/bin/cut-short", "truncated program: its segments reach past the end of the file");
    }

    @Test
    void theShellSeesTheFailureAsAnExitStatus() {
        Command.Result r = Runs.lamina(root, "errors", "sh", "-c", "/bin/busybox-arm64 true; echo status=$?");
        assertEquals("status=126\n", r.stdout(), r.toString());
    }
}
