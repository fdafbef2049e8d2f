package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `docker create` makes the container's root (hard links into the image store)
 * without holding the lock other container requests take: while one create is
 * held up in that step, a rename is answered, and the name the create claimed is
 * taken meanwhile for renames and other creates alike.
 */
class EngineCreateTest {
    private Path dir;
    private EngineProcess engine;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-engine-create");
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private String ok(String... args) { return engine.dockerOk(args).stdout().strip(); }

    @Test
    void requestsGoOnWhileACreateLinksItsRoot() throws Exception {
        ok("create", "--name", "first", EngineProcess.IMAGE, "true"); // the built-in image is in the store now
        // An image no container was made from, so no root of it is made ahead: the second create links its own.
        ok("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
        Path containers = engine.dataRoot().resolve("engine/containers");
        List<Path> before = list(containers);
        Process second;
        // The store's content lock held exclusively (as a removal holds it): linking a root waits for it.
        try (FileChannel ch = FileChannel.open(engine.dataRoot().resolve("images/content.lock"), StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            ProcessBuilder pb = new ProcessBuilder("docker", "create", "--name", "second", "alpine:3.20", "true")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("second.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(engine.env());
            second = pb.start();
            // Its directory is made just before its root is linked.
            for (int i = 0; i < 600 && list(containers).size() == before.size(); i++) Thread.sleep(50);
            assertEquals(before.size() + 1, list(containers).size(), "the second create never began: " + engine.log());
            Command.Result renamed = engine.docker(60, "rename", "first", "renamed");
            assertEquals(0, renamed.exitCode(), "a rename waited for another container's root: " + renamed);
            Command.Result taken = engine.docker(60, "rename", "renamed", "second");
            assertEquals(1, taken.exitCode(), taken.toString());
            assertTrue(taken.stderr().contains("is already in use"), taken.toString());
            Command.Result again = engine.docker(60, "create", "--name", "second", EngineProcess.IMAGE, "true");
            assertEquals(1, again.exitCode(), again.toString());
            assertTrue(again.stderr().contains("is already in use"), again.toString());
        }
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second create did not end");
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.log")));
        assertEquals("/second", ok("inspect", "--format", "{{.Name}}", "second"));
        assertEquals("/renamed", ok("inspect", "--format", "{{.Name}}", "renamed"));
    }

    @Test
    void aRootMadeAheadServesTheNextCreateAndGoesWithItsImage() throws Exception {
        ok("import", AlpineRootfs.tarball().toString(), "alpine:3.20");
        Path ahead = engine.dataRoot().resolve("engine/tmp/roots-ahead");
        // Where roots wait (with set-user-id programs, as the image has them): no other host user's to reach.
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ahead.getParent())));
        ok("create", "--name", "first", "alpine:3.20", "true");
        Path made = madeAhead(ahead, null);
        ok("create", "--name", "second", "alpine:3.20", "sh", "-c", "cat /etc/alpine-release; echo mine > /etc/alpine-release");
        assertFalse(Files.exists(made), "the second create did not take the root made ahead");
        assertEquals("3.20.3", ok("start", "-a", "second"));
        Path next = madeAhead(ahead, made);
        // The root taken was the second's alone: what it wrote is in no other container's.
        assertEquals("3.20.3", ok("run", "--rm", "alpine:3.20", "cat", "/etc/alpine-release"));
        ok("rm", "first", "second");
        ok("rmi", "alpine:3.20");
        for (int i = 0; i < 200 && !list(ahead).isEmpty(); i++) Thread.sleep(50);
        assertEquals(List.of(), list(ahead), "a removed image's root made ahead stayed (" + next + ")");
    }

    /** The root made ahead in {@code ahead} once there is one other than {@code not}. */
    private static Path madeAhead(Path ahead, Path not) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isDirectory(ahead))
                for (Path p : list(ahead)) if (!p.equals(not) && p.getFileName().toString().startsWith("root-")) return p;
            Thread.sleep(50);
        }
        throw new AssertionError("no root made ahead in " + ahead);
    }

    private static List<Path> list(Path containers) throws IOException {
        try (Stream<Path> s = Files.list(containers)) {
            return s.filter(Files::isDirectory).toList();
        }
    }
}
