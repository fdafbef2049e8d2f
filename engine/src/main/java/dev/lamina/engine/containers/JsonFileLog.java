package dev.lamina.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's output in Docker's json-file format: one JSON object per line,
 * {"log": ..., "stream": "stdout"|"stderr", "time": RFC 3339 with nanoseconds}.
 * When the file passes MAX_SIZE it becomes FILE.1 (replacing the older one) and a
 * new file starts, so a chatty container keeps at most twice that.
 */
public final class JsonFileLog implements AutoCloseable {
    static final long MAX_SIZE = 20L << 20;
    private final Path file;
    private OutputStream out;
    private long size;

    public JsonFileLog(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.size = Files.size(file);
    }

    public synchronized void append(LogEntry e) throws IOException {
        Map<String, String> line = new LinkedHashMap<>();
        // The bytes as the JSON string Docker writes (invalid UTF-8 is replaced, as Go's encoder does).
        line.put("log", new String(e.bytes(), StandardCharsets.UTF_8));
        line.put("stream", e.stream() == Frames.STDERR ? "stderr" : "stdout");
        line.put("time", e.time().toString());
        byte[] json = Json.bytes(line);
        out.write(json);
        out.write('\n');
        size += json.length + 1;
        if (size > MAX_SIZE) rotate();
    }

    public synchronized void flush() throws IOException { out.flush(); }

    private void rotate() throws IOException {
        out.close();
        Files.move(file, rotated(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = 0;
    }

    private static Path rotated(Path file) { return file.resolveSibling(file.getFileName() + ".1"); }

    /** Every entry kept, oldest first (the rotated file, then the current one). */
    public static List<LogEntry> read(Path file) throws IOException {
        List<LogEntry> entries = new ArrayList<>();
        for (Path p : List.of(rotated(file), file)) {
            if (!Files.exists(p)) continue;
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank()) continue;
                    LogEntry e = parse(line);
                    if (e != null) entries.add(e);
                }
            }
        }
        return entries;
    }

    private static LogEntry parse(String line) {
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            return new LogEntry("stderr".equals(n.path("stream").asText()) ? Frames.STDERR : Frames.STDOUT,
                    n.path("log").asText().getBytes(StandardCharsets.UTF_8), Instant.parse(n.path("time").asText()));
        } catch (IOException | RuntimeException e) {
            return null; // a line cut short by a crash: the rest of the log still counts
        }
    }

    @Override
    public synchronized void close() throws IOException { out.close(); }
}
