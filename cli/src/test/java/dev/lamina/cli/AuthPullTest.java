package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.PrivateRegistry;
import dev.lamina.cli.testing.Repo;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A registry behind Docker's token auth: 401 with a Bearer challenge, a Basic login at the token service, then the token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthPullTest {
    private Path dir;
    private PrivateRegistry registry;
    private String image;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-auth-test");
        registry = PrivateRegistry.start();
        image = registry.image();
    }

    @AfterAll
    void stop() throws IOException {
        if (registry != null) registry.close();
        Trees.delete(dir);
    }

    private Command.Result pull(String name, String login) throws IOException {
        Path config = Files.createDirectories(dir.resolve("docker-config-" + (login == null ? "none" : login.replace(':', '-'))));
        if (login != null) {
            String auth = Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
            Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        }
        Path data = dir.resolve("data-" + (login == null ? "none" : login.replace(':', '-')));
        return Command.run(List.of(Repo.launcher().toString(), "pull", name),
                Map.of("LAMINA_DATA_ROOT", data.toString(), "DOCKER_CONFIG", config.toString()), null, 300);
    }

    @Test
    void loginFromDockerConfigGetsAToken() throws IOException {
        Command.Result r = pull(image, PrivateRegistry.USER + ":" + PrivateRegistry.PASSWORD);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("Pull complete"), r.toString());
    }

    @Test
    void noLoginIsRefusedClearly() throws IOException {
        Command.Result r = pull(image, null);
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("lamina: " + image + ": the token service refused anonymous access\n", r.stderr());
    }

    @Test
    void wrongPasswordIsRefusedClearly() throws IOException {
        Command.Result r = pull(image, PrivateRegistry.USER + ":wrong");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("lamina: " + image + ": the token service refused the login for " + registry.host() + "\n", r.stderr());
    }
}
