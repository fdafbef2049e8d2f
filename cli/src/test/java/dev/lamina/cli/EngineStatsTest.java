package dev.lamina.cli;

import static dev.lamina.cli.testing.EngineProcess.IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `docker stats` against a real engine: figures from the container's real host
 * processes (a busy loop uses CPU, every process holds memory, a process the guest
 * forked behind the kernel's back counts too), zeros for one that does not run, and
 * a reading every second when streamed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineStatsTest {
    @TempDir
    static Path work;
    private EngineProcess engine;

    @BeforeAll
    void start() throws Exception {
        engine = EngineProcess.start(work.resolve("data"));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    /** CPU %, memory in use, memory %, threads: what `docker stats --no-stream` printed for {@code c}. */
    private List<String> stats(String... containers) {
        List<String> args = new java.util.ArrayList<>(List.of("stats", "--no-stream", "--format",
                "{{.CPUPerc}}|{{.MemUsage}}|{{.MemPerc}}|{{.PIDs}}"));
        args.addAll(List.of(containers));
        return List.of(engine.dockerOk(args.toArray(String[]::new)).stdout().trim().split("\\|"));
    }

    @Test
    void aBusyLoopUsesCpuAndMemory() {
        engine.dockerOk("run", "-d", "--name", "stats-busy", "--memory", "64m", IMAGE, "sh", "-c", "while :; do :; done");
        List<String> s = stats("stats-busy");
        double cpu = Double.parseDouble(s.get(0).replace("%", ""));
        assertTrue(cpu > 0, "CPU " + s);
        assertTrue(!s.get(1).startsWith("0B") && s.get(1).endsWith(" / 64MiB"), "memory out of the --memory limit " + s);
        assertTrue(Double.parseDouble(s.get(2).replace("%", "")) > 0, "memory % " + s);
        assertEquals("1", s.get(3), "threads " + s);
        engine.dockerOk("rm", "-f", "stats-busy");
    }

    @Test
    void aContainerThatDoesNotRunShowsZeros() throws Exception {
        engine.dockerOk("create", "--name", "stats-created", IMAGE, "true");
        assertEquals(List.of("0.00%", "0B / 0B", "0.00%", "0"), stats("stats-created"));
        JsonNode j = new ObjectMapper().readTree(engine.dockerOk("container", "inspect", "stats-created").stdout());
        Command.Result raw = engine.curl("GET", "/containers/stats-created/stats?stream=0", null);
        JsonNode s = new ObjectMapper().readTree(raw.stdout().substring(0, raw.stdout().lastIndexOf('\n')));
        assertEquals("/stats-created", s.path("name").asText(), raw.toString());
        assertEquals(j.get(0).path("Id").asText(), s.path("id").asText(), raw.toString());
        assertEquals(0, s.path("cpu_stats").path("cpu_usage").path("total_usage").asLong(), raw.toString());
    }

    @Test
    void aStreamGivesAReadingEverySecondEachAfterTheOneBefore() throws Exception {
        engine.dockerOk("run", "-d", "--name", "stats-stream", IMAGE, "sleep", "300");
        Command.Result r = Command.run(List.of("curl", "-sN", "--max-time", "3.5", "--unix-socket", engine.socket().toString(),
                "http://localhost/containers/stats-stream/stats"), Map.of(), null, 30);
        List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 2, r.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0)), second = json.readTree(lines.get(1));
        assertEquals(first.path("read").asText(), second.path("preread").asText());
        assertEquals(first.path("cpu_stats"), second.path("precpu_stats"));
        assertTrue(second.path("memory_stats").path("usage").asLong() > 0, lines.get(1));
        assertTrue(second.path("memory_stats").path("limit").asLong() > 0, lines.get(1));
        assertTrue(second.path("cpu_stats").path("system_cpu_usage").asLong() > 0, lines.get(1));
    }

    @Test
    void aProcessForkedBehindTheKernelsBackCounts() throws Exception {
        Path programs = Files.createDirectories(work.resolve("programs"));
        Command.ok("musl-gcc", "-static", "-O2", "-o", programs.resolve("native_fork").toString(),
                Path.of(getClass().getResource("/guest/native_fork.c").toURI()).toString());
        engine.dockerOk("run", "-d", "--name", "stats-native", "--security-opt", "lamina=compat", "-v", programs + ":/x:ro",
                IMAGE, "sh", "-c", "/x/native_fork 60 && exec sleep 300");
        // The parent's line comes before its exit and the shell's exec: wait for sleep to run.
        for (int i = 0; i < 100 && engine.dockerOk("top", "stats-native").stdout().lines().noneMatch(l -> l.endsWith("   sleep 300")); i++)
            Thread.sleep(100);
        // sh became sleep (one process, one thread), and the native child sleeps beside it.
        assertEquals("2", stats("stats-native").get(3));
        assertEquals(2, engine.dockerOk("top", "stats-native").stdout().strip().lines().count(), "top shows guest processes only");
    }
}
