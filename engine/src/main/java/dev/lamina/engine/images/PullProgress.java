package dev.lamina.engine.images;

import dev.lamina.image.registry.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A pull's progress as Docker's JSON message stream (moby's jsonmessage): per
 * layer "Downloading" with progressDetail, "Download complete" once the blob is
 * verified, then "Pull complete" or "Already exists"; at most one Downloading
 * message per layer every INTERVAL_NANOS.
 */
final class PullProgress implements ProgressListener {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private final Consumer<Map<String, Object>> out;
    private final Map<String, long[]> layers = new ConcurrentHashMap<>();

    PullProgress(Consumer<Map<String, Object>> out) {
        this.out = out;
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    @Override
    public void started(String id, String what, long total, long already) {
        layers.put(id, new long[] {already, total, 0});
        out.accept(status("Pulling fs layer", id));
    }

    @Override
    public void advanced(String id, long bytes) {
        long[] l = layers.get(id);
        if (l == null) return;
        long now = System.nanoTime();
        synchronized (l) {
            l[0] += bytes;
            if (now - l[2] < INTERVAL_NANOS) return;
            l[2] = now;
        }
        Map<String, Object> m = status("Downloading", id);
        m.put("progressDetail", Map.of("current", l[0], "total", l[1]));
        out.accept(m);
    }

    @Override
    public void verified(String id) {
        out.accept(status("Download complete", id));
    }

    @Override
    public void finished(String id, String note) {
        out.accept(status(note != null && note.toLowerCase(java.util.Locale.ROOT).contains("exist") ? "Already exists" : "Pull complete", id));
    }

    static Map<String, Object> status(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) m.put("id", shortId(id));
        m.put("progressDetail", Map.of());
        return m;
    }
}
