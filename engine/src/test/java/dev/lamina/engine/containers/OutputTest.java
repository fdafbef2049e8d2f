package dev.lamina.engine.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's output into its json-file log. */
class OutputTest {
    /** Each line of a chunk has its own time, later than the line before (a chunk's lines had
     * one: `docker logs -t` showed them so). */
    @Test
    void eachLineHasItsOwnTime(@TempDir Path dir) throws Exception {
        Output out = new Output(dir.resolve("log.json"), LogRotation.DEFAULT);
        out.begin();
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < 1000; i++) chunk.append("line ").append(i).append('\n');
        out.write(Frames.STDOUT, chunk.toString().getBytes(StandardCharsets.UTF_8));
        out.write(Frames.STDERR, "an error\nand a partial".getBytes(StandardCharsets.UTF_8));
        out.end();
        out.close();
        List<LogEntry> kept = new java.util.ArrayList<>();
        try (KeptLog log = JsonFileLog.kept(dir.resolve("log.json"))) {
            log.forEach(kept::add);
        }
        assertEquals(1002, kept.size());
        assertEquals("and a partial", new String(kept.get(1001).bytes(), StandardCharsets.UTF_8));
        for (int i = 1; i < kept.size(); i++)
            assertTrue(kept.get(i).time().isAfter(kept.get(i - 1).time()),
                    "line " + i + " at " + kept.get(i).time() + ", the one before at " + kept.get(i - 1).time());
        assertTrue(Files.size(dir.resolve("log.json")) > 0);
    }
}
