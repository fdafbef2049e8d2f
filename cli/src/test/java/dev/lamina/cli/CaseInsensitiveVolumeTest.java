package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lamina's data on a case-insensitive volume (a Mac's default APFS; here a FUSE file
 * system that looks names up ignoring case, as APFS does) is refused with what to do, by
 * every command that opens it; the same directory seen case-sensitively serves.
 */
class CaseInsensitiveVolumeTest {
    @TempDir
    Path work;

    @Test
    void aDataRootOnACaseInsensitiveVolumeIsRefused() throws Exception {
        assertTrue(Repo.isRoot(), "mounting a FUSE file system needs root");
        Path backing = Files.createDirectories(work.resolve("backing")), mount = Files.createDirectories(work.resolve("mount"));
        Process fs = new ProcessBuilder("/usr/bin/python3", Path.of(getClass().getResource("/fs/casefold_fs.py").toURI()).toString(),
                backing.toString(), mount.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/mounts")).contains(" " + mount + " fuse"); i++) Thread.sleep(100);
            Files.createFile(mount.resolve("Name"));
            assertTrue(Files.exists(mount.resolve("NAME")), "the file system looks names up ignoring case");
            for (String[] command : new String[][] {{"images"}, {"run", "--rm", "alpine:3.20", "true"}, {"pull", "alpine:3.20"}}) {
                Command.Result r = Runs.withDataRoot(mount.resolve("data"), command);
                assertTrue(r.exitCode() != 0, r.toString());
                assertTrue(r.stderr().contains("is on a case-insensitive volume") && r.stderr().contains("case-sensitive"), r.toString());
                assertFalse(r.stderr().contains("Exception"), r.toString());
            }
            Command.Result sensitive = Runs.withDataRoot(backing.resolve("data"), "images");
            assertEquals(0, sensitive.exitCode(), sensitive.toString());
        } finally {
            Command.run("umount", mount.toString());
            fs.destroy();
            fs.waitFor();
        }
    }
}
