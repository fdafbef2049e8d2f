package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.PrivateRegistry;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * `docker login` against the engine (POST /auth, checked at a registry behind
 * Docker's token auth), then a pull of a private image with the login the CLI
 * keeps and sends (X-Registry-Auth): the engine has no login of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineLoginTest {
    private Path dir;
    private PrivateRegistry registry;
    private EngineProcess engine;
    private String image;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-engine-login");
        registry = PrivateRegistry.start();
        image = registry.image();
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        if (registry != null) registry.close();
        Trees.delete(dir);
    }

    private Command.Result login(String password) {
        return Command.run(List.of("sh", "-c", "printf %s \"$1\" | docker login -u \"$3\" --password-stdin \"$2\"", "sh", password, registry.host(), PrivateRegistry.USER),
                engine.env(), null, 60);
    }

    @Test
    void loginIsCheckedAndItsPullWorks() {
        Command.Result anonymous = engine.docker("pull", image);
        assertNotEquals(0, anonymous.exitCode(), anonymous.toString());
        assertTrue(anonymous.stderr().contains("refused anonymous access"), anonymous.toString());

        Command.Result wrong = login("wrong");
        assertNotEquals(0, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.stderr().contains("unauthorized: incorrect username or password"), wrong.toString());

        Command.Result right = login(PrivateRegistry.PASSWORD);
        assertEquals(0, right.exitCode(), right.toString() + "\n--- engine\n" + engine.log());
        assertTrue(right.stdout().contains("Login Succeeded"), right.toString());

        Command.Result pull = engine.docker("pull", image);
        assertEquals(0, pull.exitCode(), pull.toString() + "\n--- engine\n" + engine.log());
        assertTrue(pull.stdout().contains("Downloaded newer image for " + image), pull.toString());
        assertEquals("hi\n", engine.dockerOk("run", "--rm", image, "echo", "hi").stdout());
    }
}
