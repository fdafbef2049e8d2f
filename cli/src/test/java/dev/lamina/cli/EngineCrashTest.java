package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.FaultyProxy;
import dev.lamina.cli.testing.LocalRegistry;
import dev.lamina.cli.testing.OciImages;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine killed with SIGKILL, then started again on the same data root: it
 * knows every container and image, marks the containers that were running as
 * exited (their processes died with it), restarts those whose policy says so,
 * leaves no half-written state file, and an interrupted pull resumes.
 */
class EngineCrashTest {
    private Path dir;
    private LocalRegistry registry;
    private Path layout;
    private EngineProcess engine;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-engine-crash");
        registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
        layout = OciImages.alpine(dir, "x86_64");
        OciImages.push(layout, "alpine", registry.host() + "/library/alpine:3.20");
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() throws IOException {
        if (engine != null) engine.close();
        if (registry != null) registry.close();
        Trees.delete(dir);
    }

    private String ok(String... args) { return engine.dockerOk(args).stdout().strip(); }

    @Test
    void containersAndImagesSurviveAKilledEngine() throws Exception {
        String alpine = registry.host() + "/library/alpine:3.20";
        ok("pull", alpine);
        ok("run", "-d", "--name", "sleeper", alpine, "sleep", "300");
        ok("run", "-d", "--name", "phoenix", "--restart", "always", alpine, "sleep", "300");
        ok("create", "--name", "fresh", alpine, "true");
        List<ProcessHandle> guests = engine.process().descendants().toList();
        assertTrue(guests.size() >= 2, "the containers' processes: " + guests);
        engine.kill();
        for (ProcessHandle p : guests) assertTrue(ended(p), "a container's process outlived its engine: " + p.info());
        engine.restart();
        assertEquals("exited 255", ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "sleeper"));
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "phoenix"));
        assertEquals("created", ok("inspect", "--format", "{{.State.Status}}", "fresh"));
        assertTrue(ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines().anyMatch(alpine::equals));
        assertEquals("3.20.3", ok("run", "--rm", alpine, "cat", "/etc/alpine-release"));
        // (Not a walk: a removed container's directory may be being deleted meanwhile.)
        try (Stream<Path> dirs = Files.list(engine.dataRoot().resolve("engine/containers"))) {
            assertFalse(dirs.anyMatch(d -> Files.exists(d.resolve("container.json.new"))), "a half-written state file was left");
        }
    }

    /**
     * SIGTERM to the engine: each container gets its stop signal (and may clean up), then the engine exits.
     * Started again, it starts again what the restart policies say, as dockerd: the engine's stop is no user's
     * (`always`, `unless-stopped` and `on-failure` stayed down after a clean stop before), and `always` comes back
     * even when a user stopped it.
     */
    @Test
    void stoppingTheEngineStopsItsContainers() throws Exception {
        ok("run", "-d", "--name", "service", "--restart", "unless-stopped", "localhost/lamina/default", "sleep", "300");
        ok("run", "-d", "--name", "retried", "--restart", "on-failure:1", "localhost/lamina/default", "sleep", "300");
        ok("run", "-d", "--name", "stopped-always", "--restart", "always", "localhost/lamina/default", "sleep", "300");
        ok("run", "-d", "--name", "stopped-unless", "--restart", "unless-stopped", "localhost/lamina/default", "sleep", "300");
        ok("stop", "-t", "0", "stopped-always", "stopped-unless");
        Path shared = Files.createDirectories(dir.resolve("shared"));
        ok("run", "-d", "--name", "polite", "-v", shared + ":/out", "localhost/lamina/default", "sh", "-c",
                "trap 'echo got TERM > /out/note; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
        ok("run", "-d", "--name", "stubborn", "--stop-timeout", "1", "localhost/lamina/default", "sh", "-c",
                "trap '' TERM; echo ready; while true; do sleep 0.1; done");
        // Stopped only once both have set their traps (a TERM before that ends a shell at once).
        for (String c : List.of("polite", "stubborn"))
            for (int i = 0; i < 100 && !engine.docker("logs", c).stdout().contains("ready"); i++) Thread.sleep(100);
        List<ProcessHandle> guests = engine.process().descendants().toList();
        engine.close();
        assertTrue(engine.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the engine did not stop");
        assertEquals("got TERM\n", Files.readString(shared.resolve("note")));
        for (ProcessHandle p : guests) assertTrue(ended(p), "a container's process outlived its engine: " + p.info());
        engine.restart();
        assertEquals("exited 0", ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "polite"));
        assertEquals("exited 137", ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "stubborn"));
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "service"));
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "retried"), "the engine's stop failed its run (143)");
        assertEquals("running", ok("inspect", "--format", "{{.State.Status}}", "stopped-always"));
        assertEquals("exited", ok("inspect", "--format", "{{.State.Status}}", "stopped-unless"));
    }

    /**
     * SIGKILL in the middle of a `docker cp` into a container: the target is never half-written, the temporary
     * is gone once the engine is back, and the copy can be made again.
     */
    @Test
    void aCopyInterruptedByAKilledEngineLeavesNoHalfFile() throws Exception {
        String id = ok("create", "--name", "target", "localhost/lamina/default", "true");
        Path big = dir.resolve("big");
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(7).nextBytes(chunk);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 200; i++) out.write(chunk);
        }
        ProcessBuilder pb = new ProcessBuilder("docker", "cp", big.toString(), "target:/big").redirectErrorStream(true)
                .redirectOutput(dir.resolve("cp.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(engine.env());
        Process cp = pb.start();
        Path root = engine.dataRoot().resolve("engine/containers").resolve(id).resolve("rootfs");
        boolean caught = false;
        for (int i = 0; i < 600 && !caught; i++) {
            Thread.sleep(20);
            try (Stream<Path> files = Files.list(root)) {
                caught = files.anyMatch(f -> f.getFileName().toString().startsWith(".lamina-cp-"));
            }
        }
        engine.kill();
        cp.waitFor();
        assertTrue(caught, "the copy was never seen under way");
        assertTrue(!Files.exists(root.resolve("big")) || Files.size(root.resolve("big")) == Files.size(big), "a half-written /big");
        engine.restart();
        assertEquals("created", ok("inspect", "--format", "{{.State.Status}}", "target"));
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".lamina-cp-")).toList(),
                    "the cut copy's temporary was left in the container");
        }
        ok("cp", big.toString(), "target:/big");
        assertEquals(Files.size(big), Files.size(root.resolve("big")));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(big), Files.readAllBytes(root.resolve("big"))));
    }

    /**
     * Whether a process has ended (within 10 s). A zombie has: once its engine is gone
     * it is reparented to a subreaper that may never reap it (the test's own JVM is one
     * when a test ran a container in it).
     */
    private static boolean ended(ProcessHandle p) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!p.isAlive()) return true;
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) return true;
            } catch (IOException e) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void aPullInterruptedByAKilledEngineResumes() throws Exception {
        Matcher m = Pattern.compile("sha256:([0-9a-f]{64})").matcher(Files.readString(layout.resolve("index.json")));
        assertTrue(m.find());
        String manifest = Files.readString(layout.resolve("blobs/sha256").resolve(m.group(1)));
        Matcher l = Pattern.compile("tar\\+gzip\",\"digest\":\"sha256:([0-9a-f]{64})").matcher(manifest);
        assertTrue(l.find());
        String layer = l.group(1);
        try (FaultyProxy proxy = new FaultyProxy(registry.port(), layer, 1 << 20, FaultyProxy.Fault.STALL)) {
            String name = "127.0.0.1:" + proxy.port() + "/library/alpine:3.20";
            ProcessBuilder pb = new ProcessBuilder("docker", "pull", name).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pull.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(engine.env());
            Process pull = pb.start();
            Path partial = engine.dataRoot().resolve("images/downloads").resolve(layer + ".partial");
            long size = -1;
            for (int i = 0; i < 300; i++) {
                Thread.sleep(100);
                long now = Files.exists(partial) ? Files.size(partial) : -1;
                if (now > 1_000_000 && now == size) break;
                size = now;
            }
            assertTrue(size > 1_000_000 && size < 1 << 20, "stalled download holds " + size + " bytes");
            engine.kill();
            pull.waitFor();
            engine.restart();
            Command.Result again = engine.docker("pull", name);
            assertEquals(0, again.exitCode(), again + "\n" + engine.log());
            long resumedAt = size;
            assertTrue(proxy.requests().stream().anyMatch(h -> h.contains("Range: bytes=" + resumedAt + "-")), "not resumed: " + proxy.requests());
            assertEquals("3.20.3", ok("run", "--rm", name, "cat", "/etc/alpine-release"));
        }
    }
}
