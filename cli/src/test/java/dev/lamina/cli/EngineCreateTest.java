package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        Path containers = engine.dataRoot().resolve("engine/containers");
        List<Path> before = list(containers);
        Process second;
        // The store's content lock held exclusively (as a removal holds it): linking a root waits for it.
        try (FileChannel ch = FileChannel.open(engine.dataRoot().resolve("images/content.lock"), StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            ProcessBuilder pb = new ProcessBuilder("docker", "create", "--name", "second", EngineProcess.IMAGE, "true")
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

    private static List<Path> list(Path containers) throws IOException {
        try (Stream<Path> s = Files.list(containers)) {
            return s.filter(Files::isDirectory).toList();
        }
    }
}
