package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.image.store.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine's socket and the containers it runs. A guest that makes its own
 * system calls (guest/engine_ping.c through the init host's syscall
 * instruction, past musl+ and the Lamina kernel) can name the socket by its
 * host path, and neither Landlock nor the file's mode stands in its way (same
 * user): the engine itself must refuse a container's process, or the guest
 * could create a container that binds the host's `/`. A container given the
 * socket by a bind mount, as `-v /var/run/docker.sock:...` in Docker, may use
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineSocketGuestTest {
    private Path dir;
    private Path bin;
    private EngineProcess engine;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("lamina-sock");
        bin = Files.createDirectories(dir.resolve("bin"));
        Command.ok("musl-gcc", "-static", "-O2", "-I", Path.of(getClass().getResource("/guest/raw_syscall.h").toURI()).getParent().toString(),
                "-o", bin.resolve("engine_ping").toString(), Path.of(getClass().getResource("/guest/engine_ping.c").toURI()).toString());
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private Command.Result ping(String... volumesThenArgs) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("run", "--rm", "--security-opt", "lamina=compat", "-v", bin + ":/t:ro"));
        argv.addAll(java.util.List.of(volumesThenArgs));
        return engine.docker(argv.toArray(String[]::new));
    }

    @Test
    void aContainerNotGivenTheSocketIsRefusedByTheEngine() {
        Command.Result r = ping(EngineProcess.IMAGE, "/t/engine_ping", engine.socket().toString(), "raw");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("closed\n", r.stdout(), r.toString());
        assertTrue(engine.log().contains("refused a connection from process"), engine.log());
        // The engine goes on serving its own clients.
        assertTrue(engine.curl("GET", "/_ping", null).stdout().startsWith("OK"));
    }

    @Test
    void aContainerGivenTheSocketByABindMountUsesIt() {
        Command.Result r = ping("-v", engine.socket() + ":/var/run/docker.sock", EngineProcess.IMAGE, "/t/engine_ping", "/var/run/docker.sock");
        assertEquals("HTTP/1.1 200 OK\n", r.stdout(), r.toString());
        Command.Result raw = ping("-v", engine.socket() + ":/var/run/docker.sock", EngineProcess.IMAGE,
                "/t/engine_ping", engine.socket().toString(), "raw");
        assertEquals("HTTP/1.1 200 OK\n", raw.stdout(), raw.toString());
    }
}
