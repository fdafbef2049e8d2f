package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.LocalRegistry;
import dev.lamina.cli.testing.OciImages;
import dev.lamina.cli.testing.PrivateRegistry;
import dev.lamina.cli.testing.Repo;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * `docker build` with the real docker CLI's classic builder (DOCKER_BUILDKIT=0)
 * against `lamina engine`: a multi-stage Dockerfile, the cache answering a rebuild,
 * a changed source rebuilding from its COPY on, build args, .dockerignore, and the
 * refusals (a failing RUN, a bad Dockerfile, sources outside the context).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineBuildTest {
    private static final String DOCKERFILE = """
            # syntax is the classic builder's
            ARG BASE=alpine:3.20
            FROM ${BASE} AS builder
            ARG GREETING=hello
            WORKDIR /src
            COPY src/ ./
            RUN sh make.sh "$GREETING" > /out.txt \\
                && mkdir -p /made && cp /out.txt /made/copy

            FROM alpine:3.20
            COPY --from=builder /out.txt /app/out.txt
            RUN adduser -D app && chown app /app/out.txt
            USER app
            ENV GREETED=yes
            ENTRYPOINT ["cat"]
            CMD ["/app/out.txt"]
            HEALTHCHECK --interval=5s --retries=2 CMD test -f /app/out.txt
            EXPOSE 8080 9000-9001/udp
            LABEL org.example.kind="test image"
            """;

    private Path dir;
    private LocalRegistry registry;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-build-test");
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
        String alpine = registry.host() + "/library/alpine:3.20";
        OciImages.push(OciImages.alpine(dir, "x86_64"), "alpine", alpine);
        engine = EngineProcess.start(dir.resolve("data"));
        engine.dockerOk("pull", alpine);
        engine.dockerOk("tag", alpine, "alpine:3.20");
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        if (registry != null) registry.close();
        Trees.delete(dir);
    }

    /** `docker build` as the CLI runs it without BuildKit. */
    private Command.Result build(Path context, String... args) {
        Map<String, String> env = new HashMap<>(engine.env());
        env.put("DOCKER_BUILDKIT", "0");
        List<String> argv = new java.util.ArrayList<>(List.of("docker", "build"));
        argv.addAll(List.of(args));
        argv.add(context.toString());
        return Command.run(argv, env, null, 300);
    }

    private Command.Result buildOk(Path context, String... args) {
        Command.Result r = build(context, args);
        assertEquals(0, r.exitCode(), r + "\n--- engine\n" + engine.log());
        return r;
    }

    private String ok(String... args) { return engine.dockerOk(args).stdout().strip(); }

    private Path context(String name, String dockerfile, Map<String, String> files) throws IOException {
        Path c = Files.createDirectories(dir.resolve(name));
        Files.writeString(c.resolve("Dockerfile"), dockerfile);
        for (var f : files.entrySet()) {
            Path p = c.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return c;
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    /** ENV's pairs are expanded with the values from before the instruction (the Dockerfile reference's own example). */
    @Test
    void envPairsSeeTheValuesFromBeforeTheInstruction() throws IOException {
        Path c = context("env-pairs", "FROM alpine:3.20\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n", Map.of());
        buildOk(c, "-t", "env-pairs:1");
        assertEquals("bye hello bye", ok("run", "--rm", "env-pairs:1", "sh", "-c", "echo $abc $def $ghi"));
        engine.docker("rmi", "env-pairs:1");
        // A base with no PATH (an imported root) gets Docker's at the stage's start, as moby's builder sets it, so
        // `ENV PATH=$PATH:...` extends it: it was ":/opt/bin", and the next RUN found no `ls`.
        ok("import", dev.lamina.cli.testing.AlpineRootfs.tarball("x86_64").toString(), "pathless:1");
        Path pathless = context("pathless", "FROM pathless:1\nENV PATH=$PATH:/opt/bin\nRUN ls / > /dev/null\n", Map.of());
        buildOk(pathless, "-t", "pathless-built:1");
        assertEquals(dev.lamina.container.ContainerSpec.DEFAULT_PATH.substring("PATH=".length()) + ":/opt/bin",
                ok("run", "--rm", "pathless-built:1", "sh", "-c", "echo $PATH"));
        engine.docker("rmi", "pathless-built:1", "pathless:1");
    }

    /**
     * COPY --from keeps the owners the stage's files have, as the classic builder does (only --chown changes them):
     * they became root's, so a multi-stage build that copies an app user's directory gave a non-root container
     * "permission denied". A change of owners alone in the source stage is a new copy, not the cache's.
     */
    @Test
    void copyFromAStageKeepsItsOwners() throws IOException {
        String stages = """
                FROM alpine:3.20 AS b
                RUN mkdir -p /o/d && echo x > /o/d/f && ln -s f /o/d/l && chown -R %s /o && chown -h %s /o/d/l
                FROM alpine:3.20
                COPY --from=b /o /o
                COPY --from=b --chown=7:8 /o/d/f /chowned
                """;
        Path c = context("copy-from-owners", stages.formatted("1234:4321", "1234:4321"), Map.of());
        buildOk(c, "-t", "owners:1");
        assertEquals("1234 4321 /o/d\n1234 4321 /o/d/f\n1234 4321 /o/d/l\n7 8 /chowned",
                ok("run", "--rm", "owners:1", "stat", "-c", "%u %g %n", "/o/d", "/o/d/f", "/o/d/l", "/chowned"));
        Files.writeString(c.resolve("Dockerfile"), stages.formatted("55:66", "55:66"));
        buildOk(c, "-t", "owners:2");
        assertEquals("55 66 /o/d/f", ok("run", "--rm", "owners:2", "stat", "-c", "%u %g %n", "/o/d/f"));
        engine.docker("rmi", "owners:1", "owners:2");
    }

    @Test
    void multiStageBuildRunsAndIsAnsweredFromTheCache() throws IOException {
        Path c = context("multi", DOCKERFILE, Map.of("src/make.sh", "echo \"$1 from $(cat name.txt)\"\n", "src/name.txt", "lamina\n"));
        Command.Result first = buildOk(c, "-t", "built:1");
        assertTrue(first.stdout().contains("Step 1/16 : ARG BASE=alpine:3.20"), first.toString());
        assertTrue(first.stdout().contains("Successfully tagged built:1"), first.toString());
        assertEquals(0, count(first.stdout(), "Using cache"), first.toString());

        assertEquals("hello from lamina", ok("run", "--rm", "built:1"));
        assertEquals("app", ok("run", "--rm", "--entrypoint", "id", "built:1", "-un"));
        assertEquals("yes", ok("run", "--rm", "--entrypoint", "sh", "built:1", "-c", "echo $GREETED"));
        assertFalse(engine.docker("run", "--rm", "--entrypoint", "ls", "built:1", "/made").exitCode() == 0,
                "the first stage's files are not in the final image");
        assertEquals("app", ok("image", "inspect", "built:1", "--format", "{{.Config.User}}"));
        assertEquals("[CMD-SHELL test -f /app/out.txt]", ok("image", "inspect", "built:1", "--format", "{{.Config.Healthcheck.Test}}"));
        assertEquals("map[8080/tcp:{} 9000/udp:{} 9001/udp:{}]", ok("image", "inspect", "built:1", "--format", "{{.Config.ExposedPorts}}"));
        assertEquals("test image", ok("image", "inspect", "built:1", "--format", "{{index .Config.Labels \"org.example.kind\"}}"));
        assertTrue(ok("history", "built:1").contains("adduser -D app"));

        // The same build again: every step after FROM answered by the cache, the same image.
        Command.Result again = buildOk(c, "-t", "built:2");
        assertEquals(13, count(again.stdout(), "Using cache"), again.toString());
        assertEquals(ok("image", "inspect", "built:1", "--format", "{{.Id}}"), ok("image", "inspect", "built:2", "--format", "{{.Id}}"));

        // A changed source: the first stage's steps before its COPY come from the cache, the rest run again.
        Files.writeString(c.resolve("src/name.txt"), "a changed file\n");
        Command.Result changed = buildOk(c, "-t", "built:3", "--build-arg", "GREETING=hi");
        assertEquals("hi from a changed file", ok("run", "--rm", "built:3"));
        assertEquals(2, count(changed.stdout(), "Using cache"), changed.toString()); // ARG GREETING, WORKDIR
        assertNotEquals(ok("image", "inspect", "built:1", "--format", "{{.Id}}"), ok("image", "inspect", "built:3", "--format", "{{.Id}}"));
    }

    /**
     * The issue's acceptance: a compiler image built in an earlier stage from a local package (a static tcc
     * with musl, scripts/c-toolchain, ADDed as a tarball), a C program compiled with it, the result copied into a
     * small final stage with USER, ENTRYPOINT and HEALTHCHECK; the rebuild from the cache; a changed source
     * rebuilding only from its COPY on.
     */
    @Test
    void compilesACProgramWithACompilerStage() throws IOException {
        Path toolchain = Repo.root().resolve("target/c-toolchain.tar.gz");
        Command.Result made = Command.run(List.of(Repo.root().resolve("scripts/c-toolchain").toString(), toolchain.toString()),
                Map.of(), null, 600);
        assertEquals(0, made.exitCode(), made.toString());
        String dockerfile = """
                FROM alpine:3.20 AS toolchain
                ADD c-toolchain.tar.gz /
                RUN /opt/tcc/bin/tcc -v

                FROM toolchain AS compile
                WORKDIR /src
                COPY hello.c .
                RUN /opt/tcc/bin/tcc -static -o /hello hello.c

                FROM alpine:3.20
                COPY --from=compile /hello /usr/local/bin/hello
                RUN adduser -D app
                USER app
                ENTRYPOINT ["/usr/local/bin/hello"]
                HEALTHCHECK --interval=1s CMD ["/usr/local/bin/hello", "check"]
                """;
        Path c = context("compile", dockerfile, Map.of("hello.c",
                "#include <stdio.h>\n#include <unistd.h>\nint main(int argc, char **argv) { printf(\"hello, %s (uid %d)\\n\", argc > 1 ? argv[1] : \"world\", (int) getuid()); return 0; }\n"));
        Files.copy(toolchain, c.resolve("c-toolchain.tar.gz"));
        buildOk(c, "-t", "hello:1");
        assertEquals("hello, lamina (uid 1000)", ok("run", "--rm", "hello:1", "lamina"));
        assertEquals("[CMD /usr/local/bin/hello check]", ok("image", "inspect", "hello:1", "--format", "{{.Config.Healthcheck.Test}}"));
        // The toolchain is not in the final image.
        assertEquals(1, engine.docker("run", "--rm", "--entrypoint", "ls", "hello:1", "/opt/tcc").exitCode());

        Command.Result again = buildOk(c, "-t", "hello:2");
        assertEquals(10, count(again.stdout(), "Using cache"), again.toString());

        // Pushed to a registry: skopeo reads it, umoci unpacks it, a clean engine pulls it back bit-identical and runs it.
        String pushed = registry.host() + "/built/hello:1";
        ok("tag", "hello:1", pushed);
        String push = ok("push", pushed);
        String digest = push.lines().filter(l -> l.contains("digest: ")).findFirst().orElseThrow().replaceFirst(".*digest: (\\S+).*", "$1");
        assertTrue(Command.ok("skopeo", "inspect", "--tls-verify=false", "docker://" + pushed).stdout().contains("\"Digest\": \"" + digest + "\""));
        Path layout = dir.resolve("hello-oci"), bundle = dir.resolve("hello-bundle");
        Command.ok("skopeo", "copy", "--src-tls-verify=false", "docker://" + pushed, "oci:" + layout + ":hello");
        Command.ok("umoci", "unpack", "--image", layout + ":hello", bundle.toString());
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/usr/local/bin/hello")));
        assertFalse(Files.exists(bundle.resolve("rootfs/opt/tcc")));
        try (EngineProcess clean = EngineProcess.start(dir.resolve("clean-data"))) {
            clean.dockerOk("pull", pushed);
            assertEquals(digest, clean.dockerOk("image", "inspect", pushed, "--format", "{{index .RepoDigests 0}}").stdout().strip()
                    .replaceFirst(".*@", ""));
            assertEquals("hello, again (uid 1000)", clean.dockerOk("run", "--rm", pushed, "again").stdout().strip());
        }

        Files.writeString(c.resolve("hello.c"), "#include <stdio.h>\nint main(void) { puts(\"changed\"); return 0; }\n");
        Command.Result changed = buildOk(c, "-t", "hello:3");
        assertEquals(3, count(changed.stdout(), "Using cache"), changed.toString()); // ADD, RUN tcc -v, WORKDIR
        assertEquals("changed", ok("run", "--rm", "hello:3"));
    }

    /** docker-java's BuildImageCmd: the context from a directory, tags and a build argument; the id it waits for is the image's. */
    @Test
    void dockerJavaBuildsAnImage() throws IOException {
        Path c = context("docker-java", "FROM alpine:3.20\nARG WHO\nRUN echo \"built for $WHO\" > /who\nCMD [\"cat\", \"/who\"]\n", Map.of());
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(engine.dockerHost()).build();
        try (DockerClient docker = DockerClientImpl.getInstance(config,
                new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build())) {
            String id = docker.buildImageCmd(c.toFile()).withTags(Set.of("docker-java:1")).withBuildArg("WHO", "docker-java")
                    .exec(new BuildImageResultCallback()).awaitImageId();
            // The callback keeps the last id the stream names: "Successfully built" gives the short one, as with dockerd.
            String full = docker.inspectImageCmd("docker-java:1").exec().getId();
            assertTrue(full.equals(id) || full.startsWith("sha256:" + id), full + " is not " + id);
        }
        assertEquals("built for docker-java", ok("run", "--rm", "docker-java:1"));
    }

    /** A context over the engine's limit (LAMINA_BUILD_CONTEXT_MAX_BYTES; 8 GiB unpacked by default) is refused with the reason. */
    @Test
    void aContextOverTheLimitIsRefused() throws IOException {
        Path c = context("big", "FROM alpine:3.20\nCOPY . /x\n", Map.of("big", "x".repeat(3 << 20)));
        try (EngineProcess small = EngineProcess.start(dir.resolve("small-data"), Map.of("LAMINA_BUILD_CONTEXT_MAX_BYTES", "1048576"))) {
            Map<String, String> env = new HashMap<>(small.env());
            env.put("DOCKER_BUILDKIT", "0");
            Command.Result r = Command.run(List.of("docker", "build", c.toString()), env, null, 120);
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("the build context was refused"), r.toString());
        }
    }

    /** The CLI's other flags: -f, --target, --label, -q, and a build given no tag (listed as <none>, removed by id). */
    @Test
    void flagsAndUntaggedImages() throws IOException {
        Path c = context("flags", "FROM alpine:3.20 AS first\nRUN echo first > /stage\nFROM first AS second\nRUN echo second > /stage\n"
                + "FROM second\nRUN echo third > /stage\n", Map.of());
        Files.move(c.resolve("Dockerfile"), c.resolve("Other.dockerfile"));
        buildOk(c, "-f", c.resolve("Other.dockerfile").toString(), "--target", "second", "--label", "made-by=test", "-t", "flags:1");
        assertEquals("second", ok("run", "--rm", "flags:1", "cat", "/stage"));
        assertEquals("test", ok("image", "inspect", "flags:1", "--format", "{{index .Config.Labels \"made-by\"}}"));
        // a target no stage names: refused before the build starts, as dockerd answers it (400, not a stream's error)
        Command.Result noStage = build(c, "-f", c.resolve("Other.dockerfile").toString(), "--target", "nosuch");
        assertTrue(noStage.exitCode() != 0 && noStage.stderr().contains("Error response from daemon: failed to reach build target nosuch"),
                noStage.toString());
        // its last name removed, a built image is deleted, as moby's (it stayed, found by id, before)
        String built = ok("image", "inspect", "flags:1", "--format", "{{.Id}}");
        assertEquals("Untagged: flags:1\nDeleted: " + built, ok("rmi", "flags:1"));
        assertEquals(1, engine.docker("image", "inspect", built).exitCode());
        buildOk(c, "-f", c.resolve("Other.dockerfile").toString(), "--target", "second", "--label", "made-by=test", "-t", "flags:1");
        assertEquals("second", ok("run", "--rm", "flags:1", "cat", "/stage"));

        Command.Result quiet = buildOk(c, "-q", "-f", c.resolve("Other.dockerfile").toString());
        String id = quiet.stdout().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), quiet.toString());
        assertEquals("third", ok("run", "--rm", id, "cat", "/stage"));
        assertTrue(ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").lines().anyMatch(l -> l.equals("<none>:<none> " + id.substring(7, 19))),
                ok("images"));
        ok("rmi", id);
        assertEquals(1, engine.docker("image", "inspect", id).exitCode());
        // -q and a failure: the steps' output held back comes out with the error, as dockerd sends it.
        Command.Result failed = build(context("quiet-failure", "FROM alpine:3.20\nRUN echo said-before-failing; exit 7\n", Map.of()), "-q");
        assertEquals(7, failed.exitCode(), failed.toString());
        assertTrue((failed.stdout() + failed.stderr()).contains("said-before-failing"), failed.toString());
    }

    /** `--add-host` reaches each RUN step's /etc/hosts, as the classic builder's (it was ignored). */
    @Test
    void addHostReachesRunSteps() throws IOException {
        Path c = context("add-host", "FROM alpine:3.20\nRUN grep -w build-host /etc/hosts > /found\nCMD [\"cat\", \"/found\"]\n", Map.of());
        buildOk(c, "--add-host", "build-host:5.6.7.8", "-t", "add-host:1");
        assertEquals("5.6.7.8\tbuild-host", ok("run", "--rm", "add-host:1"));
        ok("rmi", "add-host:1");
    }

    /** `lamina build`: through the data root's engine when one runs, else with an engine of its own for the build. */
    @Test
    void laminaBuildUsesTheEngineOrStartsOne() throws IOException {
        Path c = context("lamina-cli", "FROM localhost/lamina/default\nCOPY msg /msg\nCMD [\"cat\", \"/msg\"]\n",
                Map.of("msg", "built by lamina build\n", ".dockerignore", "ignored\n", "ignored", "x"));
        Command.Result through = Command.run(List.of(Repo.launcher().toString(), "build", "-t", "cli:1", c.toString()),
                Map.of("LAMINA_DATA_ROOT", engine.dataRoot().toString()), null, 300);
        assertEquals(0, through.exitCode(), through.toString());
        assertTrue(through.stdout().contains("Successfully tagged cli:1"), through.toString());
        assertEquals("built by lamina build", ok("run", "--rm", "cli:1"));

        Path fresh = dir.resolve("fresh-data");
        Command.Result alone = Command.run(List.of(Repo.launcher().toString(), "build", "-t", "cli:2", c.toString()),
                Map.of("LAMINA_DATA_ROOT", fresh.toString()), null, 300);
        assertEquals(0, alone.exitCode(), alone.toString());
        Command.Result run = Command.run(List.of(Repo.launcher().toString(), "run", "cli:2"), Map.of("LAMINA_DATA_ROOT", fresh.toString()),
                null, 120);
        assertEquals("built by lamina build\n", run.stdout(), run.toString());

        Command.Result missing = Command.run(List.of(Repo.launcher().toString(), "build", c.resolve("nothing").toString()),
                Map.of("LAMINA_DATA_ROOT", fresh.toString()), null, 60);
        assertEquals(125, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("is not a directory"), missing.toString());
        assertFalse(missing.stderr().contains("Exception"), missing.toString());
    }

    /** ADD unpacks a local tar in every compression moby reads (told by contents, not names); any other file is copied. */
    @Test
    void addUnpacksTarsCompressedInEveryFormatMobyReads() throws IOException {
        Path c = context("add-formats", "FROM alpine:3.20\nADD plain.tar gz.tgz bz.tar.bz2 xz.tar.xz zst.tar.zst /into/\n"
                + "ADD notatar.bz2 /copied/\n", Map.of("notatar.bz2", "BZh9 only looks compressed\n"));
        Path files = Files.createDirectories(dir.resolve("add-formats-files"));
        Map<String, String> archives = Map.of("plain.tar", "", "gz.tgz", "--gzip", "bz.tar.bz2", "--bzip2", "xz.tar.xz", "--xz",
                "zst.tar.zst", "--zstd");
        for (var a : archives.entrySet()) {
            String name = a.getKey().substring(0, a.getKey().indexOf('.'));
            Files.createDirectories(files.resolve(name));
            Files.writeString(files.resolve(name + "/f"), "from " + name + "\n");
            List<String> tar = new java.util.ArrayList<>(List.of("tar", "-C", files.toString(), "-cf", c.resolve(a.getKey()).toString()));
            if (!a.getValue().isEmpty()) tar.add(a.getValue());
            tar.add(name);
            Command.Result made = Command.run(tar, Map.of(), null, 60);
            assertEquals(0, made.exitCode(), made.toString());
        }
        buildOk(c, "-t", "add-formats:1");
        assertEquals("from plain\nfrom gz\nfrom bz\nfrom xz\nfrom zst\nBZh9 only looks compressed", ok("run", "--rm", "add-formats:1",
                "cat", "/into/plain/f", "/into/gz/f", "/into/bz/f", "/into/xz/f", "/into/zst/f", "/copied/notatar.bz2"));
    }

    /**
     * FROM an image behind a login the CLI holds and the engine does not (each has its own
     * Docker config): the CLI sends its logins (X-Registry-Config) and the build's pull uses
     * them; without the login the pull is refused.
     */
    @Test
    void fromAPrivateRegistryWithTheClientsLogin() throws IOException {
        try (PrivateRegistry registry = PrivateRegistry.start()) {
            Path c = context("private", "FROM " + registry.image() + "\nRUN echo built on the private base > /p\n", Map.of());
            Command.Result anonymous = build(c);
            assertEquals(1, anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.stderr().contains("pull access denied"), anonymous.toString());
            Command.Result login = Command.run(List.of("sh", "-c", "printf %s \"$1\" | docker login -u \"$3\" --password-stdin \"$2\"", "sh",
                    PrivateRegistry.PASSWORD, registry.host(), PrivateRegistry.USER), engine.env(), null, 60);
            assertEquals(0, login.exitCode(), login.toString());
            try {
                buildOk(c, "-t", "private:1");
                assertEquals("built on the private base", ok("run", "--rm", "private:1", "cat", "/p"));
            } finally {
                engine.dockerOk("logout", registry.host());
            }
        }
    }

    /** After VOLUME, a RUN's changes under that path are dropped (Docker mounts an anonymous volume there); the step's volume goes with its container. */
    @Test
    void runStepsAfterAVolumeLeaveItsPathAsItWas() throws IOException {
        Set<String> before = Set.copyOf(ok("volume", "ls", "-q").lines().toList());
        Path c = context("volume-run", "FROM alpine:3.20\nRUN mkdir /data && echo before > /data/a\nVOLUME /data\n"
                + "RUN echo after > /data/b && echo outside > /outside\n", Map.of());
        buildOk(c, "-t", "volume-run:1");
        assertEquals("a\noutside", ok("run", "--rm", "volume-run:1", "sh", "-c", "ls /data && cat /outside"));
        assertEquals(before, Set.copyOf(ok("volume", "ls", "-q").lines().toList()));
    }

    /**
     * The classic builder's remaining options and instructions: several tags, ONBUILD run
     * by a child's FROM, --network none, --pull, --force-rm (a failed step's container
     * removed), a URL source refused offline, and a built HEALTHCHECK run by the engine.
     */
    @Test
    void triggersTagsNetworkPullForceRmUrlsAndHealth() throws Exception {
        buildOk(context("parent", "FROM alpine:3.20\nONBUILD RUN echo triggered > /onbuild\n"
                + "HEALTHCHECK --interval=1s --retries=3 CMD test -f /onbuild\n", Map.of()), "-t", "parent:1");
        Command.Result child = buildOk(context("child", "FROM parent:1\nRUN echo links $(ip -o link | wc -l)\n", Map.of()),
                "-t", "child:1", "-t", "child:2", "--network", "none");
        assertTrue(child.stdout().contains("# Executing 1 build trigger"), child.toString());
        assertTrue(child.stdout().contains("links 1\n"), "only lo with --network none: " + child);
        assertEquals("triggered", ok("run", "--rm", "child:2", "cat", "/onbuild"));
        assertEquals(ok("image", "inspect", "child:1", "--format", "{{.Id}}"), ok("image", "inspect", "child:2", "--format", "{{.Id}}"));

        buildOk(context("pulled", "FROM " + registry.host() + "/library/alpine:3.20\nRUN true\n", Map.of()), "--pull", "-t", "pulled:1");

        int containers = ok("ps", "-a", "-q").lines().toList().size();
        Command.Result failed = build(context("force-rm", "FROM alpine:3.20\nRUN exit 3\n", Map.of()), "--force-rm");
        assertEquals(3, failed.exitCode(), failed.toString());
        assertEquals(containers, ok("ps", "-a", "-q").lines().toList().size(), "--force-rm removes the failed step's container");

        Command.Result url = build(context("url", "FROM alpine:3.20\nADD http://127.0.0.1:9/x /x\n", Map.of()));
        assertEquals(1, url.exitCode(), url.toString());
        assertTrue(url.stderr().contains("downloading sources is not supported"), url.toString());

        String id = ok("run", "-d", "child:1", "sleep", "30");
        try {
            String health = "";
            for (int i = 0; i < 100 && !health.equals("healthy"); i++) {
                Thread.sleep(200);
                health = ok("inspect", id, "--format", "{{.State.Health.Status}}");
            }
            assertEquals("healthy", health);
        } finally {
            ok("rm", "-f", id);
        }
    }

    /** `docker image prune` removes a build given no tag; `docker builder prune` forgets the cache, so the next build runs every step. */
    @Test
    void pruneRemovesDanglingImagesAndTheBuildCache() throws IOException {
        Path c = context("prune", "FROM alpine:3.20\nRUN echo pruned > /p\n", Map.of());
        String id = buildOk(c, "-q").stdout().strip();
        String pruned = ok("image", "prune", "-f");
        assertTrue(pruned.contains("deleted: " + id), pruned);
        assertEquals(1, engine.docker("image", "inspect", id).exitCode());
        // The space of the layers that went: the RUN's, not alpine's, which alpine:3.20 still holds (counted before).
        assertTrue(pruned.matches("(?s).*Total reclaimed space: [0-9.]+k?B\\s*"), pruned);

        buildOk(c, "-t", "prune:1");
        assertEquals(1, count(buildOk(c, "-t", "prune:1").stdout(), "Using cache"));
        String builder = ok("builder", "prune", "-f");
        assertTrue(builder.contains("Total reclaimed space"), builder);
        assertEquals(0, count(buildOk(c, "-t", "prune:2").stdout(), "Using cache"));
        assertEquals("pruned", ok("run", "--rm", "prune:1", "cat", "/p")); // a named image stays
    }

    /** A Dockerfile from outside the context: the docker CLI adds it to the context (ending the tar right after it), lamina build too. */
    @Test
    void aDockerfileFromOutsideTheContext() throws IOException {
        Path c = context("outside", "unused\n", Map.of("data", "in the context\n"));
        Path dockerfile = Files.writeString(dir.resolve("outside.dockerfile"), "FROM alpine:3.20\nCOPY . /ctx\nRUN ls -a /ctx | tr '\\n' ' '\n");
        Command.Result docker = buildOk(c, "-f", dockerfile.toString(), "-t", "outside:1");
        // The CLI leaves the Dockerfile it added and its .dockerignore out of what COPY sees.
        assertTrue(docker.stdout().contains(". .. Dockerfile data "), docker.toString());
        Command.Result lamina = Command.run(List.of(Repo.launcher().toString(), "build", "--no-cache", "-f", dockerfile.toString(), "-t", "outside:2",
                c.toString()), Map.of("LAMINA_DATA_ROOT", engine.dataRoot().toString()), null, 300);
        assertEquals(0, lamina.exitCode(), lamina.toString());
        assertTrue(lamina.stdout().contains(". .. Dockerfile data "), lamina.toString());
    }

    /** What the builder cannot take ends the build with an error, never as a success: a nesting too deep, a null label. */
    @Test
    void faultsFailTheBuild() throws IOException {
        String deep = "${a:-".repeat(50_000) + "x" + "}".repeat(50_000);
        Path c = context("deep", "FROM alpine:3.20\nENV a=" + deep + "\n", Map.of());
        Command.Result r = build(c, "-t", "deep:1");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("nests too deeply"), r.stderr().substring(0, Math.min(2000, r.stderr().length())));
        assertEquals(1, engine.docker("image", "inspect", "deep:1").exitCode());

        Path tar = dir.resolve("null-label.tar");
        Command.ok("tar", "-C", context("null-label", "FROM alpine:3.20\n", Map.of()).toString(), "-cf", tar.toString(), "Dockerfile");
        Command.Result api = engine.curl("POST", "/build?t=null-label:1&labels=%7B%22a%22%3Anull%7D", tar);
        assertTrue(api.stdout().contains("Successfully tagged null-label:1"), api.toString());
        assertEquals("", ok("image", "inspect", "null-label:1", "--format", "{{index .Config.Labels \"a\"}}"));
    }

    /** A client that goes away stops the build: its RUN's container is killed and removed, nothing is tagged. */
    @Test
    void aClientThatGoesAwayCancelsTheBuild() throws Exception {
        Path c = context("cancel", "FROM alpine:3.20\nRUN echo started; sleep 1000\n", Map.of());
        ProcessBuilder pb = new ProcessBuilder("docker", "build", "-t", "cancel:1", c.toString()).redirectErrorStream(true);
        pb.environment().putAll(engine.env());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Process p = pb.start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String l; (l = lines.readLine()) != null && !l.equals("started"); ) {
                // until the RUN has begun
            }
            p.destroyForcibly();
        }
        p.waitFor();
        String left = "";
        for (int i = 0; i < 100; i++) {
            left = ok("ps", "-a", "--no-trunc", "--format", "{{.Command}}");
            if (!left.contains("sleep 1000")) break;
            Thread.sleep(100);
        }
        assertFalse(left.contains("sleep 1000"), left);
        assertEquals(1, engine.docker("image", "inspect", "cancel:1").exitCode());
    }

    /**
     * A build can give a file any mode, set-user-id root included (COPY keeps the context's): the directory of
     * container roots is the engine user's alone, so no other host user reaches such a file.
     */
    @Test
    void containerRootsAreTheEngineUsersAlone() throws IOException {
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(engine.dataRoot().resolve("engine/containers")));
    }

    /**
     * Symlinks a build's own steps plant lead nowhere on the host: a COPY through a link an earlier RUN made to /etc
     * writes the image's /etc, and COPY --from a stage whose file is an absolute link reads that stage's target.
     */
    @Test
    void plantedSymlinksStayInsideTheImage() throws IOException {
        // A host file and the same path in the image, with different contents.
        Path secret = Files.writeString(dir.resolve("host-secret"), "host-secret\n");
        Path c = context("planted", """
                FROM alpine:3.20 AS first
                RUN ln -s /etc /x && mkdir -p %1$s && echo image-secret > %2$s && ln -s %2$s /link
                COPY marker /x/lamina-planted-marker
                RUN cat /etc/lamina-planted-marker
                FROM alpine:3.20
                COPY --from=first /link /got
                RUN cat /got
                """.formatted(secret.getParent(), secret), Map.of("marker", "copied through the link\n"));
        Command.Result r = buildOk(c, "-t", "planted:1");
        assertTrue(r.stdout().contains("copied through the link"), r.toString());
        assertFalse(Files.exists(Path.of("/etc/lamina-planted-marker")), "the host's /etc was written");
        assertEquals("image-secret", ok("run", "--rm", "planted:1", "cat", "/got"));
    }

    @Test
    void aFailingRunFailsTheBuildWithItsStatus() throws IOException {
        Path c = context("failing", "FROM alpine:3.20\nRUN echo before; exit 3\nRUN echo never\n", Map.of());
        Command.Result r = build(c, "-t", "failing:1");
        assertEquals(3, r.exitCode(), r.toString()); // the CLI exits with the code the error carries, as with dockerd
        assertTrue(r.stdout().contains("before"), r.toString());
        assertTrue(r.stderr().contains("The command '/bin/sh -c echo before; exit 3' returned a non-zero code: 3"), r.toString());
        assertFalse(r.stdout().contains("never"), r.toString());
        assertEquals(1, engine.docker("image", "inspect", "failing:1").exitCode());
    }

    @Test
    void aBadDockerfileIsRefusedWithItsLine() throws IOException {
        Path c = context("bad", "FROM alpine:3.20\nFROB x\n", Map.of());
        Command.Result r = build(c);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("unknown instruction: FROB"), r.toString());
    }

    /** What dockerd's classic builder refuses before or while building, refused with its words: a signal it does not know, another system's image. */
    @Test
    void aStopSignalOrAPlatformDockerdRefusesIsRefused() throws IOException {
        Command.Result signal = build(context("signal", "FROM alpine:3.20\nARG S=SIGNOPE\nSTOPSIGNAL $S\n", Map.of()));
        assertEquals(1, signal.exitCode(), signal.toString());
        assertTrue(signal.stderr().contains("Invalid signal: SIGNOPE"), signal.toString());
        assertEquals("SIGUSR1", ok("image", "inspect", buildOk(context("signal-ok", "FROM alpine:3.20\nSTOPSIGNAL SIGUSR1\n", Map.of()),
                "-q").stdout().strip(), "--format", "{{.Config.StopSignal}}"));
        Command.Result query = build(context("windows", "FROM alpine:3.20\n", Map.of()), "--platform", "windows/amd64");
        assertEquals(1, query.exitCode(), query.toString());
        assertTrue(query.stderr().contains("operating system is not supported: windows"), query.toString());
        Command.Result from = build(context("windows-from", "FROM --platform=windows/amd64 alpine:3.20\n", Map.of()));
        assertEquals(1, from.exitCode(), from.toString());
        assertTrue(from.stderr().contains("operating system is not supported: windows"), from.toString());
    }

    @Test
    void dockerignoreAndTheContextsBoundsHold() throws IOException {
        Path c = context("ignore", "FROM alpine:3.20\nCOPY . /ctx\nRUN ls -a /ctx | sort | tr '\\n' ' '\n",
                Map.of(".dockerignore", "secret*\n!secret-kept\n", "secret.txt", "s", "secret-kept", "k", "plain", "p"));
        Command.Result r = buildOk(c, "-t", "ignore:1");
        assertTrue(r.stdout().contains(". .. .dockerignore Dockerfile plain secret-kept "), r.toString());

        // A symlink to a host file is resolved inside the context: the host's file is never copied.
        Path escape = context("escape", "FROM alpine:3.20\nCOPY link /x\n", Map.of());
        Files.createSymbolicLink(escape.resolve("link"), Path.of("/etc/hostname"));
        Command.Result out = build(escape, "-t", "escape:1");
        assertEquals(1, out.exitCode(), out.toString());
        assertTrue(out.stderr().contains("not found") || out.stderr().contains("no such file"), out.toString());

        Path dots = context("dots", "FROM alpine:3.20\nCOPY ../../etc/hostname /x\nRUN cat /x\n", Map.of("etc/hostname", "inside\n"));
        Command.Result d = buildOk(dots, "-t", "dots:1");
        assertTrue(d.stdout().contains("inside"), d.toString());
    }
}
