package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The init host's own descriptors (its channels and lifeline) are refused
 * with EBADF to every guest call that names one, through musl+ (strict
 * mode) and through Syscall User Dispatch (compat mode): a guest that could
 * write on its channel could forge the kernel's messages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservedDescriptorsTest {
    @TempDir
    static Path work;
    private Path root;

    @BeforeAll
    void setUp() throws Exception {
        root = AlpineRootfs.unpack(work.resolve("root"));
        String source = Path.of(getClass().getResource("/guest/reserved_fds.c").toURI()).toString();
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/reserved-fds").toString(), source);
        Command.ok("gcc", "-static", "-O2", "-o", root.resolve("bin/reserved-fds-glibc").toString(), source);
    }

    private Command.Result run(boolean compat, String... command) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString(), "run", "--rootfs", root.toString()));
        if (compat) argv.add("--compat");
        argv.add("--");
        argv.addAll(List.of(command));
        return Command.run(argv, Map.of(), null, 60);
    }

    @Test
    void everyCallNamingOneIsRefusedThroughMuslPlus() {
        Command.Result r = run(false, "/bin/reserved-fds");
        assertEquals("0 not refused; parent 0\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void everyCallNamingOneIsRefusedInCompatMode() {
        Command.Result r = run(true, "/bin/reserved-fds-glibc");
        assertEquals("0 not refused; parent 0\n", r.stdout(), r.toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void shellRedirectionsToThemFail() {
        Command.Result r = run(false, "sh", "-c", "echo x >&1023; echo write=$?; (exec 5>&1022) 2>/dev/null; echo exec=$?; "
                + "cat <&1023; echo read=$?");
        assertEquals("write=1\nexec=1\nread=1\n", r.stdout(), r.toString());
    }
}
