package dev.lamina.image.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.image.testing.TarBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Jazzer on {@link ParsersFuzzTarget} for a bounded time (system property
 * lamina.fuzz.seconds, default 30), from seeds of each kind of input. Fails when
 * the fuzzer finds an input that crashes, hangs or escapes.
 */
class ParsersFuzzTest {
    @TempDir
    Path dir;

    @Test
    void parsersSurviveFuzzing() throws IOException, InterruptedException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        seed(corpus, "tar", 0, new TarBuilder().dir("d").file("d/f", "x").symlink("l", "d").hardlink("h", "d/f")
                .pax("path", "p".repeat(120)).file("x", "long").file("w/.wh.gone", "").end());
        seed(corpus, "manifest", 1, ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + "b".repeat(64)
                + "\",\"size\":3}]}").getBytes(StandardCharsets.UTF_8));
        seed(corpus, "config", 2, ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"],\"Env\":[\"A=b\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "c".repeat(64) + "\"]}}").getBytes(StandardCharsets.UTF_8));
        seed(corpus, "index", 3, ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"sha256:" + "d".repeat(64) + "\",\"size\":1,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}")
                .getBytes(StandardCharsets.UTF_8));
        seed(corpus, "response", 4, ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                + "4;x=y\r\n{}{}\r\n0\r\nT: v\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        seed(corpus, "metadata", 5, ("{\"whiteouts\":[\"a\"],\"opaques\":[],\"implicitDirs\":[\"d\"],\"specialFiles\":[{\"path\":\"dev/null\","
                + "\"type\":\"CHAR_DEVICE\",\"mode\":438,\"uid\":0,\"gid\":0,\"major\":1,\"minor\":3}],\"owners\":{\"etc\":[0,42]}}")
                .getBytes(StandardCharsets.UTF_8));
        int seconds = Integer.getInteger("lamina.fuzz.seconds", 30);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path findings = Files.createDirectories(dir.resolve("findings"));
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+EnableDynamicAgentLoading",
                "-cp", System.getProperty("java.class.path"), "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + ParsersFuzzTarget.class.getName(), "--reproducer_path=" + findings,
                "-artifact_prefix=" + findings + File.separator, "-max_total_time=" + seconds, "-rss_limit_mb=4096", corpus.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jazzer.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(seconds + 120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Jazzer did not stop");
        }
        List<String> log = Files.readAllLines(dir.resolve("jazzer.log"));
        String tail = String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size()));
        assertEquals(0, p.exitValue(), "Jazzer found a failing input:\n" + tail);
        System.out.println("fuzzing: " + log.stream().filter(l -> l.contains("DONE")).findFirst().orElse("(no summary)"));
    }

    private static void seed(Path corpus, String name, int selector, byte[] data) throws IOException {
        byte[] input = new byte[data.length + 1];
        input[0] = (byte) selector;
        System.arraycopy(data, 0, input, 1, data.length);
        Files.write(corpus.resolve(name), input);
    }
}
