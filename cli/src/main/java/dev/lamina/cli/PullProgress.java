package dev.lamina.cli;

import dev.lamina.image.registry.ProgressListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pull progress, one line per layer: on a terminal the lines are redrawn in place
 * with bytes, rate and time left; otherwise plain lines at the start, at each
 * quarter and at the end, for logs and CI.
 */
final class PullProgress implements ProgressListener, AutoCloseable {
    private static final class Layer {
        String note = "Waiting";
        long total, done, resumedAt, startNanos;
        int quartersShown;
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int drawn;

    private PullProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.ticker = terminal ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lamina-progress");
            t.setDaemon(true);
            return t;
        }) : null;
        if (terminal) ticker.scheduleAtFixedRate(this::redraw, 200, 200, TimeUnit.MILLISECONDS);
    }

    static PullProgress on(PrintStream out) {
        boolean terminal = out == System.out && System.console() != null && System.console().isTerminal()
                && !"dumb".equals(System.getenv("TERM"));
        return new PullProgress(out, terminal);
    }

    @Override
    public synchronized void started(String id, String what, long total, long already) {
        Layer l = layers.computeIfAbsent(id, k -> new Layer());
        l.total = total;
        l.done = already;
        l.resumedAt = already;
        l.startNanos = System.nanoTime();
        l.note = already > 0 ? "Resuming" : "Downloading";
        if (!terminal) out.println(id + ": " + l.note + " " + human(total) + (already > 0 ? " at " + human(already) : ""));
    }

    @Override
    public synchronized void advanced(String id, long bytes) {
        Layer l = layers.get(id);
        if (l == null) return;
        l.done += bytes;
        if (!terminal && l.total > 0) {
            int quarters = (int) (4 * l.done / l.total);
            if (quarters > l.quartersShown && quarters < 4) {
                l.quartersShown = quarters;
                out.println(id + ": " + (25 * quarters) + "% of " + human(l.total));
            }
        }
    }

    @Override
    public synchronized void finished(String id, String note) {
        Layer l = layers.computeIfAbsent(id, k -> new Layer());
        l.note = note;
        l.done = l.total;
        if (!terminal) out.println(id + ": " + note);
    }

    private synchronized void redraw() {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) sb.append("\033[").append(drawn).append('A');
        for (var e : layers.entrySet()) sb.append("\r\033[2K").append(line(e.getKey(), e.getValue())).append('\n');
        drawn = layers.size();
        out.print(sb);
        out.flush();
    }

    private static String line(String id, Layer l) {
        if (!l.note.equals("Downloading") && !l.note.equals("Resuming")) return id + ": " + l.note;
        double seconds = Math.max(1e-3, (System.nanoTime() - l.startNanos) / 1e9);
        double rate = (l.done - l.resumedAt) / seconds;
        String eta = rate > 0 && l.total > l.done ? String.format(" %ds left", (long) ((l.total - l.done) / rate)) : "";
        int width = 30, filled = l.total > 0 ? (int) (width * l.done / l.total) : 0;
        return String.format("%s: %s [%s>%s] %s/%s %s/s%s", id, l.note, "=".repeat(filled), " ".repeat(width - filled),
                human(l.done), human(l.total), human((long) rate), eta);
    }

    static String human(long bytes) {
        if (bytes < 1000) return bytes + "B";
        if (bytes < 1_000_000) return String.format("%.1fkB", bytes / 1e3);
        if (bytes < 1_000_000_000) return String.format("%.1fMB", bytes / 1e6);
        return String.format("%.2fGB", bytes / 1e9);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            redraw();
        }
    }
}
