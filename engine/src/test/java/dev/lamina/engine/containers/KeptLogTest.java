package dev.lamina.engine.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A json-file log read forward and from its end, across rotated files, without holding it whole. */
class KeptLogTest {
    private static List<String> text(List<LogEntry> entries) {
        return entries.stream().map(e -> new String(e.bytes(), StandardCharsets.UTF_8)).toList();
    }

    /** Lines of every length around the read's block (64 KiB), some longer than one, over three rotated files. */
    @Test
    void theLastEntriesAreTheForwardReadsEnd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.json");
        List<String> written = new ArrayList<>();
        try (JsonFileLog log = new JsonFileLog(file, new LogRotation(200 << 10, 3))) {
            Instant t = Instant.parse("2026-12-06T00:00:00Z");
            for (int i = 0; i < 600; i++) {
                String line = "line " + i + " " + "x".repeat(i * 37 % 16000) + (i % 7 == 0 ? "\"quoted\\\u00e9" : "") + "\n";
                written.add(line);
                log.append(new LogEntry(i % 3 == 0 ? Frames.STDERR : Frames.STDOUT, line.getBytes(StandardCharsets.UTF_8), t.plusNanos(i)));
            }
        }
        assertEquals(true, Files.exists(dir.resolve("log.json.2")), "rotated twice");
        List<LogEntry> all = new ArrayList<>();
        try (KeptLog kept = JsonFileLog.kept(file)) {
            kept.forEach(all::add);
            List<String> forward = text(all);
            assertEquals(written.subList(written.size() - forward.size(), written.size()), forward, "the files kept, in order");
            for (int n : new int[] {0, 1, 2, 5, 17, 100, forward.size() - 1, forward.size(), forward.size() + 50}) {
                List<LogEntry> last = kept.last(n);
                assertEquals(forward.subList(Math.max(0, forward.size() - n), forward.size()), text(last), "the last " + n);
                for (int i = 0; i < last.size(); i++) {
                    LogEntry want = all.get(all.size() - last.size() + i);
                    assertEquals(want.stream(), last.get(i).stream());
                    assertEquals(want.time(), last.get(i).time());
                }
            }
        }
    }

    /**
     * A log of one file (`--log-opt max-size` alone) that rotates while it is read: the reader reads what it found
     * (the file was cut in place, so a read got nothing, or the new lines at the old offsets).
     */
    @Test
    void aRotationDuringAReadLeavesTheReadWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.json");
        Instant t = Instant.parse("2026-12-06T00:00:00Z");
        try (JsonFileLog log = new JsonFileLog(file, new LogRotation(64 << 10, 1))) {
            for (int i = 0; i < 100; i++) log.append(new LogEntry(Frames.STDOUT, ("old " + i + "\n").getBytes(StandardCharsets.UTF_8), t));
            log.flush();
            try (KeptLog kept = JsonFileLog.kept(file)) {
                for (int i = 0; i < 3000; i++) log.append(new LogEntry(Frames.STDOUT, ("new " + i + " " + "x".repeat(40) + "\n")
                        .getBytes(StandardCharsets.UTF_8), t));
                log.flush();
                List<LogEntry> all = new ArrayList<>();
                kept.forEach(all::add);
                assertEquals(100, all.size());
                assertEquals("old 0\n", text(all).getFirst());
                assertEquals("old 99\n", text(kept.last(1)).getFirst());
            }
        }
    }

    /** Blank lines and a line cut short by a crash count for nothing, forward or backward; what is written after the
     * moment read is not read. */
    @Test
    void brokenLinesAreSkippedAndLaterLinesUnseen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.json");
        Files.writeString(file, """
                {"log":"one\\n","stream":"stdout","time":"2026-12-06T00:00:00Z"}

                {"log":"two\\n","stream":"stderr","time":"2026-12-06T00:00:01Z"}
                {"log":"cut sh
                {"log":"three\\n","stream":"stdout","time":"2026-12-06T00:00:02Z"}
                """);
        try (KeptLog kept = JsonFileLog.kept(file)) {
            Files.writeString(file, "{\"log\":\"later\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-06T00:00:03Z\"}\n",
                    java.nio.file.StandardOpenOption.APPEND);
            List<LogEntry> all = new ArrayList<>();
            kept.forEach(all::add);
            assertEquals(List.of("one\n", "two\n", "three\n"), text(all));
            assertEquals(List.of("two\n", "three\n"), text(kept.last(2)));
            assertEquals(List.of("one\n", "two\n", "three\n"), text(kept.last(10)));
        }
    }
}
