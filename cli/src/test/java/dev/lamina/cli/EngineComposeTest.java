package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Debian's docker-compose 1.29 (docker-py) against `lamina engine`: a project of a
 * busybox httpd, a client that fetches from it by service name on the project's
 * network and by the alias its link gives (`links: [web:site]`), and a service with a published port reached from the host; up, ps,
 * logs, port and down (which removes the network too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineComposeTest {
    private static final String PROJECT = """
            version: "3"
            services:
              web:
                image: localhost/lamina/default
                command: ["sh", "-c", "echo from-web > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
              client:
                image: localhost/lamina/default
                links: ["web:site"]
                command: ["sh", "-c", "for i in $$(seq 100); do wget -qO- http://web/ && wget -qO- http://site/ && exit 0; sleep 0.2; done; exit 1"]
              published:
                image: localhost/lamina/default
                ports: ["80"]
                command: ["sh", "-c", "echo from-published > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
            """;
    private Path dir;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-compose-test");
        engine = EngineProcess.start(dir.resolve("data"));
        Files.writeString(Files.createDirectories(dir.resolve("project")).resolve("docker-compose.yml"), PROJECT);
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private Command.Result compose(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker-compose", "-p", "demo"));
        argv.addAll(List.of(args));
        Command.Result r = Command.run(argv, engine.env(), dir.resolve("project"), 180);
        if (r.exitCode() != 0) throw new AssertionError("docker-compose " + String.join(" ", args) + " failed: " + r
                + "\n--- engine\n" + engine.log());
        return r;
    }

    @Test
    void upPsLogsAndDownOfATwoServiceProject() throws Exception {
        compose("up", "-d");
        assertEquals("demo_default", engine.dockerOk("inspect", "demo_web_1", "--format",
                "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}").stdout().strip());
        assertEquals("0", engine.dockerOk("wait", "demo_client_1").stdout().strip());
        String ps = compose("ps").stdout();
        assertTrue(ps.lines().anyMatch(l -> l.startsWith("demo_web_1") && l.contains(" Up")), ps);
        assertTrue(ps.lines().anyMatch(l -> l.startsWith("demo_client_1") && l.contains("Exit 0")), ps);
        String logs = compose("logs", "--no-color", "client").stdout();
        assertTrue(logs.contains("from-web"), logs);
        // compose's port looks among running containers only: say so if it is not running.
        String state = engine.dockerOk("inspect", "demo_published_1", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}")
                .stdout().strip();
        assertTrue(state.startsWith("running"), state + "\n" + engine.docker("logs", "demo_published_1"));
        String port = compose("port", "published", "80").stdout().strip();
        int hostPort = Integer.parseInt(port.substring(port.lastIndexOf(':') + 1));
        HttpClient http = HttpClient.newHttpClient();
        String body = null;
        for (int i = 0; i < 100 && body == null; i++) {
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertEquals("from-published\n", body);
        // A recreate (a changed config, --force-recreate, a rebuilt image) reads the image's ContainerConfig, which
        // the API before 1.45 has (compose failed with KeyError: 'ContainerConfig', leaving the project broken).
        String before = engine.dockerOk("inspect", "demo_web_1", "--format", "{{.Id}}").stdout().strip();
        String recreated = compose("up", "-d", "--force-recreate", "web").stderr();
        assertTrue(recreated.contains("Recreating demo_web_1"), recreated);
        assertTrue(!before.equals(engine.dockerOk("inspect", "demo_web_1", "--format", "{{.Id}}").stdout().strip()), recreated);
        String down = compose("down").stderr();
        assertTrue(down.contains("Removing network demo_default"), down);
        assertEquals("", engine.dockerOk("ps", "-aq").stdout().strip());
        assertEquals(1, engine.docker("network", "inspect", "demo_default").exitCode());
    }
}
