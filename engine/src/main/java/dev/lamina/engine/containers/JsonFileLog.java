package dev.lamina.engine.containers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.http.Json;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's output in Docker's json-file format: one JSON object per line,
 * {"log": ..., "stream": "stdout"|"stderr", "time": RFC 3339 with nanoseconds}.
 * When the file passes its rotation's size it becomes FILE.1, the older ones move
 * up one (FILE.1 to FILE.2, ...) and those past its count go, and a new file starts.
 * Lines are buffered until {@link #flush}, which the writer calls once per chunk of
 * output it reads: a chatty container's lines cost no system call each.
 */
public final class JsonFileLog implements AutoCloseable {
    /** More rotated files than any read looks for. */
    private static final int FILES_MAX = 1000;
    private final Path file;
    private final LogRotation rotation;
    private static final int BUFFER = 64 << 10;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final JsonGenerator json;
    private OutputStream out;
    private long size;

    public JsonFileLog(Path file, LogRotation rotation) throws IOException {
        this.file = file;
        this.rotation = rotation;
        this.out = open(file, StandardOpenOption.APPEND);
        this.size = Files.size(file);
        this.json = Json.MAPPER.getFactory().createGenerator(line);
        json.setRootValueSeparator(null);
    }

    private static OutputStream open(Path file, StandardOpenOption mode) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode), BUFFER);
    }

    public synchronized void append(LogEntry e) throws IOException {
        line.reset();
        json.writeStartObject();
        // The bytes as the JSON string Docker writes (invalid UTF-8 is replaced, as Go's encoder does).
        json.writeStringField("log", new String(e.bytes(), StandardCharsets.UTF_8));
        json.writeStringField("stream", e.stream() == Frames.STDERR ? "stderr" : "stdout");
        json.writeStringField("time", e.time().toString());
        json.writeEndObject();
        json.flush();
        line.write('\n');
        try {
            line.writeTo(out);
            size += line.size();
            if (rotation.maxSize() >= 0 && size > rotation.maxSize()) rotate();
        } catch (IOException failed) {
            reopen();
            throw failed;
        }
    }

    public synchronized void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            reopen();
            throw e;
        }
    }

    /**
     * After a write that failed (a full disk): what the buffer held is dropped, as unbuffered
     * writes would have lost it, and the file is taken up again as it is, so that later lines
     * go on after whole ones and a read finds every line written.
     */
    private void reopen() {
        try {
            out.close();
        } catch (IOException alsoFailed) {
            // the same failure: the buffer goes with this stream
        }
        try {
            out = open(file, StandardOpenOption.APPEND);
            size = Files.size(file);
        } catch (IOException e) {
            out = OutputStream.nullOutputStream(); // the file is gone or unwritable: lines are lost, as they were
        }
    }

    private void rotate() throws IOException {
        out.close();
        for (int n = rotation.maxFiles(); n < FILES_MAX && Files.deleteIfExists(rotated(file, n)); n++) {
            // those past the count (it may have been larger for an earlier run)
        }
        for (int n = rotation.maxFiles() - 1; n >= 1; n--) {
            Path older = n == 1 ? file : rotated(file, n - 1);
            if (Files.exists(older))
                Files.move(older, rotated(file, n), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        // With one file, it starts again empty: a new file, not the old one cut, so a reader of the old one (KeptLog)
        // reads what it found; otherwise it was moved away.
        Files.deleteIfExists(file);
        out = open(file, StandardOpenOption.APPEND);
        size = 0;
    }

    private static Path rotated(Path file, int n) { return file.resolveSibling(file.getFileName() + "." + n); }

    /** What the log holds now: the rotated files, the oldest first, then the current one. */
    public static KeptLog kept(Path file) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int n = 1; n < FILES_MAX && Files.exists(rotated(file, n)); n++) files.addFirst(rotated(file, n));
        files.add(file);
        return KeptLog.open(files);
    }

    /** A line of the log; null for one cut short by a crash (the rest of the log still counts). */
    static LogEntry parse(String line) {
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            return new LogEntry("stderr".equals(n.path("stream").asText()) ? Frames.STDERR : Frames.STDOUT,
                    n.path("log").asText().getBytes(StandardCharsets.UTF_8), Instant.parse(n.path("time").asText()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() throws IOException { out.close(); }
}
