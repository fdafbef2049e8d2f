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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Lamina run by an ordinary host user (nobody): the guest is root inside,
 * the files it makes belong to that user outside. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonRootTest {
    private static final String USER = "65534";

    @TempDir
    static Path work;
    private Path home;
    private Path root;

    @BeforeAll
    void setUp() throws Exception {
        assertTrue(Repo.isRoot(), "switching to another user needs root");
        // A world-readable copy of the installation: the checkout may sit in root's home.
        home = work.resolve("lamina");
        Command.ok("cp", "-a", Repo.root().resolve("cli/target/lamina").toString(), home.toString());
        root = AlpineRootfs.unpack(work.resolve("root"));
        Files.createDirectories(work.resolve("data"));
        Command.ok("chown", "-R", USER + ":" + USER, root.toString(), work.resolve("data").toString());
        Command.ok("chmod", "-R", "a+rX", home.toString());
        Command.ok("chmod", "755", work.toString());
    }

    private Command.Result asNobody(String... command) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups",
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dlamina.home=" + home, "-cp", home.resolve("lib") + "/*",
                "dev.lamina.cli.Main", "run", "--rootfs", root.toString(), "--"));
        argv.addAll(List.of(command));
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", work.resolve("data").toString()), work, 60);
    }

    @Test
    void theGuestIsRootAndItsFilesAreTheUsers() throws Exception {
        Command.Result r = asNobody("sh", "-c", "id; echo made > /root/file; ls -l /root/file; cat /root/file; "
                + "grep ^Uid /proc/self/status");
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.stdout().split("\n");
        assertTrue(lines[0].startsWith("uid=0(root) gid=0(root)"), r.toString());
        assertTrue(lines[1].matches("-rw-r--r-- +1 root +root +5 .* /root/file"), r.toString());
        assertEquals("made", lines[2]);
        assertEquals("Uid:\t0\t0\t0\t0", lines[3]);
        assertEquals(USER, Command.ok("stat", "-c", "%u", root.resolve("root/file").toString()).stdout().trim());
    }

    @Test
    void procIsReadOnlyAndPidOneSurvivesSigkill() {
        Command.Result r = asNobody("sh", "-c", "echo x > /proc/1/stat; echo $?; kill -9 1; echo alive");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("1\nalive\n", r.stdout());
        assertTrue(r.stderr().contains("can't create /proc/1/stat: Permission denied"), r.toString());
    }
}
