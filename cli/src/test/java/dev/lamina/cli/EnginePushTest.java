package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.lamina.cli.testing.AlpineEngine;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.LocalRegistry;
import dev.lamina.cli.testing.PrivateRegistry;
import dev.lamina.cli.testing.Repo;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.registry.ImagePusher;
import dev.lamina.image.registry.ProgressListener;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * `docker push` through the engine to Debian's docker-registry (a second one, empty,
 * so layers are really sent): the digest it prints is the registry's (skopeo says
 * so) and the store's, a clean engine pulls it back identical and runs it, a second
 * push sends nothing, another repository mounts the layer; a registry behind token
 * auth takes it with `docker login`'s credentials and refuses it without; docker-java
 * and `lamina push` push too, and docker-registry takes a layer in chunks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnginePushTest {
    private static final Pattern DIGEST_LINE = Pattern.compile("(?m)^1: digest: (sha256:[0-9a-f]{64}) size: ([0-9]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private AlpineEngine setup;
    private EngineProcess engine;
    private LocalRegistry target;

    @BeforeAll
    void start() throws IOException {
        setup = AlpineEngine.start("lamina-push-test");
        engine = setup.engine();
        target = LocalRegistry.start(Files.createDirectories(setup.dir().resolve("target")), null);
        engine.dockerOk("pull", setup.alpine());
    }

    @AfterAll
    void stop() throws IOException {
        if (target != null) target.close();
        if (setup != null) setup.close();
    }

    private static String digestOf(Command.Result push) {
        Matcher m = DIGEST_LINE.matcher(push.stdout());
        assertTrue(m.find(), push.toString());
        return m.group(1);
    }

    private JsonNode skopeo(String image) throws IOException {
        return JSON.readTree(Command.ok("skopeo", "inspect", "--tls-verify=false", "docker://" + image).stdout());
    }

    @Test
    void pushedAsStoredPulledBackIdenticalAndNotSentTwice() throws IOException {
        String x = target.host() + "/x:1";
        engine.dockerOk("tag", setup.alpine(), x);
        long since = System.currentTimeMillis() / 1000 - 1;
        Command.Result push = engine.dockerOk("push", x);
        assertTrue(push.stdout().startsWith("The push refers to repository [" + target.host() + "/x]\n"), push.toString());
        assertTrue(push.stdout().contains(": Pushed\n"), push.toString());
        String digest = digestOf(push);

        JsonNode pushed = skopeo(x), source = skopeo(setup.alpine());
        assertEquals(digest, pushed.get("Digest").asText());
        assertEquals(source.get("Digest").asText(), digest, "the manifest's bytes are pushed unchanged");
        assertEquals(source.get("Layers"), pushed.get("Layers"));

        Command.Result again = engine.dockerOk("push", x);
        assertTrue(again.stdout().contains(": Layer already exists\n"), again.toString());
        assertTrue(!again.stdout().contains(": Pushed"), again.toString());
        assertEquals(digest, digestOf(again));

        String y = target.host() + "/team/y:1";
        engine.dockerOk("tag", setup.alpine(), y);
        Command.Result mounted = engine.dockerOk("push", y);
        assertTrue(mounted.stdout().contains(": Mounted from x\n"), mounted.toString());
        assertEquals(digest, digestOf(mounted));

        String events = engine.dockerOk("events", "--since", Long.toString(since), "--until", Long.toString(System.currentTimeMillis() / 1000 + 1),
                "--filter", "type=image", "--filter", "event=push", "--format", "{{.Action}} {{.Actor.Attributes.name}}").stdout();
        assertTrue(events.contains("push " + x + "\n") && events.contains("push " + y + "\n"), events);

        try (EngineProcess clean = EngineProcess.start(setup.dir().resolve("clean-data"))) {
            Command.Result pull = clean.dockerOk("pull", x);
            assertTrue(pull.stdout().contains("Digest: " + digest), pull.toString());
            assertEquals("hi\n", clean.dockerOk("run", "--rm", x, "echo", "hi").stdout());
        }
    }

    @Test
    void withoutTagEveryTagOfTheRepositoryIsPushed() {
        String repo = target.host() + "/all";
        engine.dockerOk("tag", setup.alpine(), repo + ":a");
        engine.dockerOk("tag", setup.alpine(), repo + ":b");
        Command.Result push = engine.docker("push", "--all-tags", repo);
        assertEquals(0, push.exitCode(), push.toString() + engine.log());
        assertTrue(push.stdout().contains("a: digest: sha256:") && push.stdout().contains("b: digest: sha256:"), push.toString());
    }

    @Test
    void aMissingImageIsACleanError() {
        Command.Result push = engine.docker("push", target.host() + "/nothing:1");
        assertNotEquals(0, push.exitCode(), push.toString());
        assertTrue(push.stderr().contains("An image does not exist locally with the tag: " + target.host() + "/nothing"), push.toString());
    }

    @Test
    void aRegistryBehindTokenAuthTakesTheLoginAndRefusesWithoutIt() throws IOException {
        try (PrivateRegistry registry = PrivateRegistry.start()) {
            String name = registry.host() + "/private/pushed:1";
            engine.dockerOk("tag", setup.alpine(), name);
            Command.Result anonymous = engine.docker("push", name);
            assertNotEquals(0, anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.stderr().contains("the token service refused anonymous access"), anonymous.toString());

            Command.Result login = Command.run(List.of("sh", "-c", "printf %s \"$1\" | docker login -u \"$3\" --password-stdin \"$2\"", "sh",
                    PrivateRegistry.PASSWORD, registry.host(), PrivateRegistry.USER), engine.env(), null, 60);
            assertEquals(0, login.exitCode(), login.toString());
            try {
                String digest = digestOf(engine.dockerOk("push", name));
                Command.Result inspect = Command.run(List.of("skopeo", "inspect", "--tls-verify=false", "--creds",
                        PrivateRegistry.USER + ":" + PrivateRegistry.PASSWORD, "docker://" + name), Map.of(), null, 60);
                assertEquals(digest, JSON.readTree(inspect.stdout()).get("Digest").asText(), inspect.toString());
            } finally {
                engine.dockerOk("logout", registry.host());
            }
        }
    }

    @Test
    void dockerJavaPushes() throws InterruptedException {
        String name = target.host() + "/java/pushed";
        engine.dockerOk("tag", setup.alpine(), name + ":1");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(engine.dockerHost()).build();
        DockerClient docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        List<PushResponseItem> items = new CopyOnWriteArrayList<>();
        docker.pushImageCmd(name).withTag("1").exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                items.add(item);
            }
        }).awaitCompletion(120, TimeUnit.SECONDS);
        assertTrue(items.stream().allMatch(i -> i.getErrorDetail() == null), items.toString());
        String digest = items.stream().filter(i -> i.getAux() != null).map(i -> i.getAux().getDigest()).findFirst().orElse(null);
        assertTrue(digest != null && digest.startsWith("sha256:"), items.toString());
    }

    @Test
    void laminaPushesFromItsStoreAndSaysWhyNot() throws IOException {
        Path data = setup.dir().resolve("cli-data");
        assertEquals(0, lamina(data, "pull", setup.alpine()).exitCode());
        String name = target.host() + "/cli/pushed:1";
        assertEquals(0, lamina(data, "tag", setup.alpine(), name).exitCode());
        Command.Result push = lamina(data, "push", name);
        assertEquals(0, push.exitCode(), push.toString());
        assertEquals(skopeo(name).get("Digest").asText(), digestOf(push));

        Command.Result missing = lamina(data, "push", target.host() + "/cli/none:1");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals("lamina: no such image: " + target.host() + "/cli/none:1\n", missing.stderr());

        String unreachable = "127.0.0.1:" + LocalRegistry.freePort() + "/cli/pushed:1";
        assertEquals(0, lamina(data, "tag", setup.alpine(), unreachable).exitCode());
        Command.Result down = lamina(data, "push", unreachable);
        assertNotEquals(0, down.exitCode(), down.toString());
        assertTrue(down.stderr().startsWith("lamina: ") && down.stderr().contains("connection refused") && down.stderr().lines().count() == 1,
                down.toString());
    }

    /** Chunks of 1 MiB (alpine's layer takes four PATCHes): docker-registry takes their Content-Range and the closing PUT. */
    @Test
    void largeBlobsGoInChunksTheRegistryTakes() throws IOException {
        Path data = setup.dir().resolve("chunk-data");
        assertEquals(0, lamina(data, "pull", setup.alpine()).exitCode());
        ImageStore store = ImageStore.open(data.resolve("images"));
        StoredImage image = store.find(setup.alpine());
        assertTrue(image.manifest().layers().getFirst().size() > 3 << 20, image.manifest().toString());
        ImageReference name = ImageReference.parse(target.host() + "/chunked:1");
        try (RegistryClient client = new RegistryClient(Credentials.none(), Set.of())) {
            ImagePusher.Pushed pushed = new ImagePusher(client, store, 1 << 20).push(image, name, ProgressListener.NONE);
            assertEquals(image.manifestDigest(), pushed.digest());
        }
        assertEquals(image.manifestDigest().toString(), skopeo(name.toString()).get("Digest").asText());
    }

    private static Command.Result lamina(Path data, String... args) {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of("LAMINA_DATA_ROOT", data.toString()), null, 300);
    }
}
