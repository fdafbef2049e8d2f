package dev.lamina.engine.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A container's output on its way out: every chunk goes at once to whoever is
 * attached, and line by line to the json-file log (a line longer than
 * MAX_LINE is logged in parts, as Docker does). A follower of the log reads
 * what is kept and joins the live stream under one lock, missing nothing.
 */
public final class Output implements OutputSink {
    private static final System.Logger LOG = System.getLogger(Output.class.getName());
    static final int MAX_LINE = 16 << 10;

    /** Someone attached: chunks as they come, then the end. */
    public interface Listener {
        void chunk(int stream, byte[] bytes);

        void end();
    }

    private final Path logFile;
    private final LogRotation rotation;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream[] partial = {null, new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    private JsonFileLog log;
    private boolean ended = true;
    private Instant lastLine = Instant.EPOCH;

    /** {@code logFile}: null keeps no log (`--log-driver none`); attached clients still get the output. */
    public Output(Path logFile, LogRotation rotation) {
        this.logFile = logFile;
        this.rotation = rotation;
    }

    public Path logFile() { return logFile; }

    /** A run starts: output flows again. */
    public synchronized void begin() throws IOException {
        if (log == null && logFile != null) log = new JsonFileLog(logFile, rotation);
        ended = false;
    }

    /** A chunk as read: its lines logged each with the time it is taken, and written out together. */
    @Override
    public synchronized void write(int stream, byte[] bytes) {
        for (Listener l : listeners) l.chunk(stream, bytes);
        ByteArrayOutputStream line = partial[stream];
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || line.size() + i - start + 1 >= MAX_LINE) {
                line.write(bytes, start, i - start + 1);
                start = i + 1;
                flushLine(stream);
            }
        }
        line.write(bytes, start, bytes.length - start);
        flushLog();
    }

    /** A line's time: now, as moby's copier stamps each line it takes, and after the line before
     * (the clock's microseconds would give a chunk's lines one time, which `logs -t` shows and
     * `--since` cuts at). */
    private Instant lineTime() {
        Instant now = Instant.now();
        lastLine = now.isAfter(lastLine) ? now : lastLine.plusNanos(1);
        return lastLine;
    }

    private void flushLine(int stream) {
        ByteArrayOutputStream line = partial[stream];
        if (line.size() == 0) return;
        try {
            if (log != null) log.append(new LogEntry(stream, line.toByteArray(), lineTime()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the log " + logFile, e);
        }
        line.reset();
    }

    private void flushLog() {
        try {
            if (log != null) log.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the log " + logFile, e);
        }
    }

    /** The run's output is over: partial lines are logged, listeners told. */
    public synchronized void end() {
        flushLine(Frames.STDOUT);
        flushLine(Frames.STDERR);
        flushLog();
        ended = true;
        for (Listener l : listeners) l.end();
        listeners.clear();
    }

    /** Joins the live stream; false (and not joined) when no run is under way. */
    public synchronized boolean attach(Listener l) {
        if (ended) return false;
        listeners.add(l);
        return true;
    }

    /** Joins the live stream even before a run starts (attach before start sees everything). */
    public synchronized void attachBeforeStart(Listener l) {
        listeners.add(l);
    }

    public void detach(Listener l) { listeners.remove(l); }

    /**
     * What the log holds now (its files opened: read them after, and close), the lines not yet
     * ended, and when {@code follow}, {@code l} joined for what comes next (returned true)
     * unless the run is over.
     */
    public synchronized Snapshot snapshot(Listener l, boolean follow) throws IOException {
        flushLog(); // a log that cannot be written to (a full disk) is still read
        KeptLog kept = logFile == null ? KeptLog.none() : JsonFileLog.kept(logFile);
        // A line not yet ended: its start went to listeners already, its rest will come live.
        List<LogEntry> partials = new java.util.ArrayList<>();
        for (int stream = Frames.STDOUT; stream <= Frames.STDERR; stream++)
            if (partial[stream].size() > 0) partials.add(new LogEntry(stream, partial[stream].toByteArray(), Instant.now()));
        boolean joined = follow && !ended;
        if (joined) listeners.add(l);
        return new Snapshot(kept, partials, joined);
    }

    /** The log as {@link #snapshot} found it: its whole lines, then the lines not yet ended. */
    public record Snapshot(KeptLog log, List<LogEntry> partials, boolean following) implements AutoCloseable {
        /** Each entry, the oldest first. */
        public void forEach(java.util.function.Consumer<LogEntry> each) throws IOException {
            log.forEach(each);
            partials.forEach(each);
        }

        /** The last {@code n} entries, the oldest first. */
        public List<LogEntry> last(int n) throws IOException {
            if (n <= partials.size()) return partials.subList(partials.size() - n, partials.size());
            List<LogEntry> out = new java.util.ArrayList<>(log.last(n - partials.size()));
            out.addAll(partials);
            return out;
        }

        @Override
        public void close() throws IOException { log.close(); }
    }

    public synchronized void close() {
        try {
            if (log != null) log.close();
        } catch (IOException e) {
            // nothing more to write
        }
        log = null;
    }
}
