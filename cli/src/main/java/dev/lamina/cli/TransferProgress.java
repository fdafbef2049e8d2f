package dev.lamina.cli;

import dev.lamina.image.registry.ProgressListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of long transfers (a pull's or push's layers, an archive being loaded), one line
 * each: on a terminal the lines are redrawn in place with bytes, rate and time
 * left; otherwise plain lines at the start, at each quarter and at the end, for
 * logs and CI. A total of -1 means unknown (a stream): bytes and rate only.
 */
final class TransferProgress implements ProgressListener, AutoCloseable {
    private static final class Layer {
        String note = "Waiting";
        boolean moving;
        long total, done, resumedAt, startNanos;
        int quartersShown;
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int drawn;

    private TransferProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.ticker = terminal ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lamina-progress");
            t.setDaemon(true);
            return t;
        }) : null;
        if (terminal) ticker.scheduleAtFixedRate(this::redraw, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Redrawn lines when {@code terminal}, else plain ones. */
    static TransferProgress on(PrintStream out, boolean terminal) {
        return new TransferProgress(out, terminal);
    }

    /** Someone is watching: standard input and output are a terminal that can redraw. */
    static boolean interactive() {
        return System.console() != null && System.console().isTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public synchronized void started(String id, String what, long total, long already) {
        Layer l = layers.computeIfAbsent(id, k -> new Layer());
        l.total = total;
        l.done = already;
        l.resumedAt = already;
        l.startNanos = System.nanoTime();
        l.note = what.equals("upload") ? "Pushing" : already > 0 ? "Resuming" : what.equals("layer") ? "Downloading" : "Reading";
        l.moving = true;
        if (terminal) redraw(); // at once: a short transfer still shows what it was
        else out.println(id + ": " + l.note + (total >= 0 ? " " + human(total) : "") + (already > 0 ? " at " + human(already) : ""));
    }

    @Override
    public synchronized void waiting(String id, String note) {
        layers.computeIfAbsent(id, k -> new Layer()).note = note;
        if (!terminal) out.println(id + ": " + note);
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
        l.moving = false;
        l.done = Math.max(l.done, l.total);
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
        if (!l.moving) return id + ": " + l.note;
        double seconds = Math.max(1e-3, (System.nanoTime() - l.startNanos) / 1e9);
        double rate = (l.done - l.resumedAt) / seconds;
        if (l.total < 0) return String.format("%s: %s %s %s/s", id, l.note, human(l.done), human((long) rate));
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
