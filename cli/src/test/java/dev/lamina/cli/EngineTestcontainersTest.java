package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HealthCheck;
import dev.lamina.cli.testing.AlpineEngine;
import dev.lamina.cli.testing.Command;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.utility.ResourceReaper;

/**
 * Testcontainers 2.0.5 against `lamina engine`, Ryuk disabled (the cli module's
 * surefire sets TESTCONTAINERS_RYUK_DISABLED: Testcontainers reads it only from
 * the environment). Testcontainers finds the engine through docker.host in
 * ~/.testcontainers.properties, and writes its chosen strategy there: so
 * user.home is a directory of this test's own while Testcontainers starts
 * (it reads the file's place once), never the real home.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineTestcontainersTest {
    private AlpineEngine setup;
    private String realHome;
    private DockerImageName alpine;

    @BeforeAll
    void start() throws IOException {
        assertEquals("true", System.getenv("TESTCONTAINERS_RYUK_DISABLED"), "run through the cli module's surefire, which disables Ryuk");
        // Testcontainers takes DOCKER_HOST from the environment before its properties file.
        assertEquals(null, System.getenv("DOCKER_HOST"), "DOCKER_HOST is set: Testcontainers would use it, not this test's engine");
        setup = AlpineEngine.start("lamina-testcontainers-test");
        alpine = DockerImageName.parse(setup.alpine());
        setup.engine().dockerOk("pull", setup.alpine());
        Path home = Files.createDirectories(setup.dir().resolve("home"));
        // The tiny image is what Testcontainers runs to check that files can be bound
        // (any withFileSystemBind): by default alpine:3.17 from Docker Hub, which this
        // machine cannot reach, so the check would retry its pull for minutes and fail.
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=" + setup.engine().dockerHost() + "\n"
                + "tinyimage.container.image=" + setup.alpine() + "\n");
        realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        assertTrue(DockerClientFactory.instance().isDockerAvailable(), "Testcontainers found the engine");
    }

    @AfterAll
    void stop() throws IOException {
        if (realHome != null) System.setProperty("user.home", realHome);
        if (setup != null) setup.close();
    }

    /** A container without ports: a log-message wait, exec, logs, env and labels, then stop (which removes it). */
    @Test
    void execLogsAndLifecycleWithoutPorts() throws IOException, InterruptedException {
        String id;
        try (GenericContainer<?> c = new GenericContainer<>(alpine).withCommand("sh", "-c", "echo hello-from-tc; exec sleep 600")
                .withEnv("GREETING", "bonjour").withLabel("suite", "testcontainers")
                .waitingFor(Wait.forLogMessage(".*hello-from-tc.*\\n", 1))) {
            c.start();
            id = c.getContainerId();
            assertTrue(c.isRunning());
            Container.ExecResult r = c.execInContainer("sh", "-c", "echo out $GREETING; echo err >&2; exit 3");
            assertEquals(3, r.getExitCode());
            assertEquals("out bonjour\n", r.getStdout());
            assertEquals("err\n", r.getStderr());
            assertEquals("hello-from-tc\n", c.getLogs());
            assertEquals("testcontainers", c.getContainerInfo().getConfig().getLabels().get("suite"));
            assertEquals("true", c.getContainerInfo().getConfig().getLabels().get("org.testcontainers"));
        }
        var docker = DockerClientFactory.instance().client();
        assertTrue(docker.listContainersCmd().withShowAll(true).exec().stream().noneMatch(c -> c.getId().equals(id)), "stop removed it");
    }

    /**
     * What else Testcontainers users reach for without ports: a log consumer that
     * follows the output, a wait for a command to succeed, the working directory,
     * a host directory bound read-only, exec as another user, an entrypoint of its own.
     */
    @Test
    @SuppressWarnings("deprecation") // withFileSystemBind: deprecated for copies, still what binds a host directory
    void logConsumerCommandWaitWorkingDirBindAndUser() throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        Path shared = Files.createDirectories(setup.dir().resolve("bound"));
        Files.writeString(shared.resolve("from-host"), "host file\n");
        ToStringConsumer seen = new ToStringConsumer();
        WaitingConsumer waiting = new WaitingConsumer();
        try (GenericContainer<?> c = new GenericContainer<>(alpine)
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh", "-c"))
                .withCommand(new String[] {"pwd; touch /tmp/ready; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done"})
                .withWorkingDirectory("/srv").withFileSystemBind(shared.toString(), "/mnt/host", BindMode.READ_ONLY)
                .waitingFor(Wait.forSuccessfulCommand("test -e /tmp/ready"))) {
            c.start();
            c.followOutput(seen.andThen(waiting));
            waiting.waitUntil(f -> f.getUtf8String().contains("tick 3"), 60, TimeUnit.SECONDS);
            assertTrue(seen.toUtf8String().startsWith("/srv\ntick 1\n"), seen.toUtf8String());
            assertEquals("host file\n", c.execInContainer("cat", "/mnt/host/from-host").getStdout());
            Container.ExecResult write = c.execInContainer("sh", "-c", "echo x > /mnt/host/nope");
            assertTrue(write.getExitCode() != 0, "the bind is read-only: " + write);
            Container.ExecResult who = c.execInContainer(ExecConfig.builder().user("nobody").command(new String[] {"id", "-un"}).build());
            assertEquals("nobody\n", who.getStdout(), who.toString());
            assertEquals("/srv\n", c.execInContainer("pwd").getStdout());
        }
    }

    /** withTmpFs: an empty directory for each run at the path, writable by anyone (mode 1777 where the image has none, unless given). */
    @Test
    void tmpfsIsEmptyAtEveryStart() throws IOException, InterruptedException {
        // A pid 1 that ends on SIGTERM: the restart need not wait out its grace period.
        try (GenericContainer<?> c = new GenericContainer<>(alpine).withCommand("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait")
                .withTmpFs(Map.of("/scratch", "rw,size=16m", "/locked", "ro"))) {
            c.start();
            assertEquals("1777\n", c.execInContainer("stat", "-c", "%a", "/scratch").getStdout());
            Container.ExecResult write = c.execInContainer(ExecConfig.builder().user("nobody")
                    .command(new String[] {"sh", "-c", "echo kept > /scratch/f && cat /scratch/f"}).build());
            assertEquals("kept\n", write.getStdout(), write.toString());
            assertTrue(c.execInContainer("touch", "/locked/f").getExitCode() != 0, "ro is read-only");
            c.getDockerClient().restartContainerCmd(c.getContainerId()).exec();
            assertEquals("", c.execInContainer("ls", "-A", "/scratch").getStdout(), "a new run starts empty");
        }
    }

    /** A container that runs to its end: the one-shot startup check reads its state until it has exited 0. */
    @Test
    void oneShotContainerRunsToItsEnd() {
        try (GenericContainer<?> c = new GenericContainer<>(alpine).withCommand("sh", "-c", "echo done")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            c.start();
            assertEquals("done\n", c.getLogs());
            assertEquals(0L, c.getCurrentContainerInfo().getState().getExitCodeLong());
        }
    }

    /**
     * Testcontainers pulls an image it does not have (layers the engine has not seen:
     * "Pull complete" in well under a second, which its logging callback divides by),
     * and pulls again one it has (always-pull policy): its callback must see success both times.
     */
    @Test
    void testcontainersPullsThroughTheEngine() throws IOException {
        Path extra = Files.createDirectories(setup.dir().resolve("extra/etc"));
        Files.writeString(extra.resolve("pulled-by"), "testcontainers\n");
        Path extraTar = setup.dir().resolve("extra.tar");
        Command.ok("tar", "-C", extra.getParent().toString(), "-cf", extraTar.toString(), "etc");
        String name = setup.pushCrafted("library/two-layers:1", "\"Cmd\":[\"/bin/sh\"]", List.of(extraTar));
        DockerImageName fresh = DockerImageName.parse(name);
        try (GenericContainer<?> c = new GenericContainer<>(fresh).withCommand("cat", "/etc/pulled-by")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            c.start();
            assertEquals("testcontainers\n", c.getLogs());
        }
        try (GenericContainer<?> c = new GenericContainer<>(fresh).withImagePullPolicy(PullPolicy.alwaysPull()).withCommand("true")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            c.start();
        }
    }

    /**
     * A small HTTP server in the container (alpine's busybox has no httpd: nc runs a
     * shell script per connection) serving {@code /www/index.html} on port 80.
     */
    private static final String RESPOND = "read request; body=$(cat /www/index.html); "
            + "printf 'HTTP/1.0 200 OK\\r\\nContent-Length: %s\\r\\n\\r\\n%s\\n' \"$(( ${#body} + 1 ))\" \"$body\"\n";

    /** Starts c; when that fails, the container's own output goes into the failure (Testcontainers logs it nowhere here). */
    private static void start(GenericContainer<?> c) {
        org.testcontainers.containers.output.ToStringConsumer out = new org.testcontainers.containers.output.ToStringConsumer();
        c.withLogConsumer(out);
        try {
            c.start();
        } catch (org.testcontainers.containers.ContainerLaunchException e) {
            throw new AssertionError("the container did not start; its output:\n" + out.toUtf8String(), e);
        }
    }

    private static String get(GenericContainer<?> c, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + c.getHost() + ":" + c.getMappedPort(80) + path);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            return r.body();
        }
    }

    /**
     * An exposed port with the default wait (a TCP connect to the mapped port, and a
     * check run by exec inside), then HTTP to the mapped port, exec, logs, stop.
     */
    @Test
    void servesOnAnExposedPortWithTheDefaultWait() throws IOException, InterruptedException {
        String setupAndServe = "mkdir -p /www; echo served by lamina > /www/index.html; printf '%s' '" + RESPOND.replace("'", "'\\''")
                + "' > /respond.sh; echo listening; exec nc -lk -p 80 -e sh /respond.sh";
        String id;
        try (GenericContainer<?> c = new GenericContainer<>(alpine).withCommand("sh", "-c", setupAndServe).withExposedPorts(80)) {
            start(c);
            id = c.getContainerId();
            assertTrue(c.getMappedPort(80) > 0);
            // In a container (/.dockerenv, as on this project's test machine) Testcontainers goes to
            // the bridge's gateway, which the engine gave the host's loopback (GatewayOnHost).
            assertEquals(Files.exists(Path.of("/.dockerenv")) ? "172.17.0.1" : "localhost", c.getHost());
            assertEquals("served by lamina\n", get(c, "/index.html"));
            assertEquals("served by lamina\n", get(c, "/index.html"), "served again");
            assertEquals("served by lamina\n", c.execInContainer("cat", "/www/index.html").getStdout());
            assertEquals("listening\n", c.getLogs());
        }
        var docker = DockerClientFactory.instance().client();
        assertTrue(docker.listContainersCmd().withShowAll(true).exec().stream().noneMatch(x -> x.getId().equals(id)), "stop removed it");
    }

    /**
     * Files copied in before start (a host file, and a Transferable) and after, and
     * copied out; the copied page served over the mapped port. Needs the archive
     * endpoints (docker cp).
     */
    @Test
    void copiesFilesInAndOut() throws IOException, InterruptedException {
        Path page = Files.writeString(setup.dir().resolve("index.html"), "copied in\n");
        try (GenericContainer<?> c = new GenericContainer<>(alpine).withCommand("nc", "-lk", "-p", "80", "-e", "sh", "/www/respond.sh")
                .withExposedPorts(80).withCopyFileToContainer(MountableFile.forHostPath(page), "/www/index.html")
                .withCopyToContainer(Transferable.of(RESPOND), "/www/respond.sh")) {
            start(c);
            assertEquals("copied in\n", get(c, "/index.html"));
            c.copyFileToContainer(Transferable.of("copied later\n"), "/www/index.html");
            assertEquals("copied later\n", get(c, "/index.html"));
            c.execInContainer("sh", "-c", "echo written inside > /www/out.txt");
            String out = c.copyFileFromContainer("/www/out.txt", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("written inside\n", out);
        }
    }

    /**
     * Without Ryuk, Testcontainers cleans up at the JVM's exit: it removes the containers
     * of its session by label, then prunes networks, volumes and images with that label
     * filter. The user's own volume (no such label) must survive that.
     */
    @Test
    @SuppressWarnings("deprecation") // performCleanup is what the JVM hook runs
    void sessionCleanupTakesOnlyWhatTestcontainersMade() {
        var docker = DockerClientFactory.instance().client();
        docker.createVolumeCmd().withName("users-own").exec();
        GenericContainer<?> left = new GenericContainer<>(alpine).withCommand("sleep", "600");
        left.start();
        ResourceReaper.instance().performCleanup();
        assertTrue(docker.listContainersCmd().withShowAll(true).exec().stream().noneMatch(c -> c.getId().equals(left.getContainerId())),
                "the session's container is gone");
        assertEquals("users-own", docker.inspectVolumeCmd("users-own").exec().getName(), "the user's volume is kept");
        docker.removeVolumeCmd("users-own").exec();
    }

    /**
     * Testcontainers' Network: two containers on it, the client reaching the server by
     * its network alias (a name in the client's /etc/hosts, the connect translated by
     * the client's kernel to the server's port), and the server seeing the client's
     * address on the network.
     */
    @Test
    void containersOnANetworkReachEachOtherByAlias() throws Exception {
        DockerImageName builtIn = DockerImageName.parse("localhost/lamina/default");
        try (Network network = Network.newNetwork();
                GenericContainer<?> server = new GenericContainer<>(builtIn).withNetwork(network).withNetworkAliases("server")
                        .withCommand("httpd", "-f", "-p", "8080", "-h", "/etc");
                GenericContainer<?> client = new GenericContainer<>(builtIn).withNetwork(network).withNetworkAliases("client")
                        .withCommand("sleep", "600")) {
            server.start();
            client.start();
            Container.ExecResult got = client.execInContainer("sh", "-c",
                    "for i in $(seq 50); do wget -qO- http://server:8080/hostname && exit; sleep 0.2; done; exit 1");
            assertEquals(0, got.getExitCode(), got.getStderr());
            assertEquals(server.getContainerInfo().getConfig().getHostName() + "\n", got.getStdout());
            String clientIp = client.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
            assertEquals(clientIp + "\n", client.execInContainer("hostname", "-i").getStdout());
        }
    }

    /** ImageFromDockerfile: Testcontainers sends a Dockerfile and a file as the build context; the engine builds, the container runs it. */
    @Test
    void imageFromDockerfileBuildsAndRuns() {
        ImageFromDockerfile image = new ImageFromDockerfile("lamina-tc-build", false)
                .withFileFromString("greeting.txt", "hello from a Testcontainers build\n")
                .withDockerfileFromBuilder(b -> b.from(alpine.asCanonicalNameString()).copy("greeting.txt", "/greeting.txt")
                        .run("test -s /greeting.txt").build());
        try (GenericContainer<?> c = new GenericContainer<>(image).withCommand("sh", "-c", "cat /greeting.txt; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*hello from a Testcontainers build.*", 1))) {
            start(c);
            assertTrue(c.getLogs().contains("hello from a Testcontainers build"), c.getLogs());
        }
    }

}
