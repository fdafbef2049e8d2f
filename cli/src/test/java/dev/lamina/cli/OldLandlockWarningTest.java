package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.KernelRun;
import dev.lamina.cli.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a kernel whose Landlock lacks a control, lamina says once which class
 * stays open. The init host here is lkl-linux's test build that acts as on
 * Landlock ABI 5 (no signal or abstract socket scopes; never installed), run
 * as the engine will: started ahead of need, confined while it waits, with
 * TCP ports as a later layer. Each of those steps could warn; one does.
 */
class OldLandlockWarningTest {
    private static final String WARNING = "lamina: warning: this kernel's Landlock (ABI 5) leaves open: "
            + "signals to host processes and host abstract unix sockets; see Lamina's README, Security\n";

    @TempDir
    Path work;

    @Test
    void anAbi5KernelIsWarnedAboutOnce() throws Exception {
        Path oldInit = Repo.root().resolve("lkl-linux/target/test/lamina-init-landlock5");
        assertTrue(Files.isExecutable(oldInit), "build lkl-linux's tests first (make -C lkl-linux test)");
        Path lib = Files.createDirectories(work.resolve("lib"));
        Files.copy(oldInit, lib.resolve("lamina-init"));
        Files.copy(Repo.root().resolve("cli/target/lamina/lib/ld-musl-x86_64.so.1"), lib.resolve("ld-musl-x86_64.so.1"));
        Path root = AlpineRootfs.unpack(work.resolve("root"));

        Command.Result r = Command.run(KernelRun.argv(lib, root, work.resolve("state"), false, "", "", "/bin/true"),
                Map.of(), null, 60);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(WARNING, r.stderr(), r.toString());
    }
}
