package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * user). Confined, it gets no stream socket to connect with (the seccomp
 * filter; the kernel makes them). The engine is a second wall, seen here with
 * confinement off: it must refuse a container's process, or the guest could
 * create a container that binds the host's `/`. A container given the socket
 * by a bind mount, as `-v /var/run/docker.sock:...` in Docker, may use it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineSocketGuestTest {
    private Path dir;
    private Path bin;
    private EngineProcess engine;
    private EngineProcess unconfined;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("lamina-sock");
        bin = Files.createDirectories(dir.resolve("bin"));
        Command.ok("musl-gcc", "-static", "-O2", "-I", Path.of(getClass().getResource("/guest/raw_syscall.h").toURI()).getParent().toString(),
                "-o", bin.resolve("engine_ping").toString(), Path.of(getClass().getResource("/guest/engine_ping.c").toURI()).toString());
        engine = EngineProcess.start(dir.resolve("data"));
        unconfined = EngineProcess.start(dir.resolve("unconfined"), java.util.Map.of("LAMINA_CONFINE", "0"));
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) engine.close();
        if (unconfined != null) unconfined.close();
        Trees.delete(dir);
    }

    private Command.Result ping(EngineProcess e, String... volumesThenArgs) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("run", "--rm", "--security-opt", "lamina=compat", "-v", bin + ":/t:ro"));
        argv.addAll(java.util.List.of(volumesThenArgs));
        return e.docker(argv.toArray(String[]::new));
    }

    @Test
    void aConfinedGuestHasNoSocketToDialWith() {
        Command.Result r = ping(engine, EngineProcess.IMAGE, "/t/engine_ping", engine.socket().toString(), "raw");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("connect -1\n", r.stdout(), r.toString());
        assertFalse(engine.log().contains("refused a connection from process"), engine.log());
    }

    @Test
    void aContainerNotGivenTheSocketIsRefusedByTheEngine() {
        Command.Result r = ping(unconfined, EngineProcess.IMAGE, "/t/engine_ping", unconfined.socket().toString(), "raw");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("closed\n", r.stdout(), r.toString());
        assertTrue(unconfined.log().contains("refused a connection from process"), unconfined.log());
        // The engine goes on serving its own clients.
        assertTrue(unconfined.curl("GET", "/_ping", null).stdout().startsWith("OK"));
    }

    @Test
    void aContainerGivenTheSocketByABindMountUsesIt() {
        for (EngineProcess e : java.util.List.of(engine, unconfined)) {
            Command.Result r = ping(e, "-v", e.socket() + ":/var/run/docker.sock", EngineProcess.IMAGE, "/t/engine_ping", "/var/run/docker.sock");
            assertEquals("HTTP/1.1 200 OK\n", r.stdout(), r.toString());
        }
        Command.Result raw = ping(unconfined, "-v", unconfined.socket() + ":/var/run/docker.sock", EngineProcess.IMAGE,
                "/t/engine_ping", unconfined.socket().toString(), "raw");
        assertEquals("HTTP/1.1 200 OK\n", raw.stdout(), raw.toString());
    }
}
