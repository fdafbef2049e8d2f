package dev.lamina.engine.images;

import dev.lamina.image.registry.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A pull's or push's progress as Docker's JSON message stream (moby's jsonmessage):
 * per layer its waiting notes ("Preparing", "Waiting"), "Pulling fs layer" when a
 * download starts, "Downloading" or "Pushing" with progressDetail, "Download complete"
 * once a downloaded blob is verified, then how it ended ("Pull complete", "Already
 * exists", "Pushed", "Layer already exists", "Mounted from REPO"); at most one moving
 * message per layer every INTERVAL_NANOS.
 */
final class LayerProgress implements ProgressListener {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private final Consumer<Map<String, Object>> out;
    private final String startStatus;
    private final String movingStatus;
    private final Map<String, long[]> layers = new ConcurrentHashMap<>();

    private LayerProgress(Consumer<Map<String, Object>> out, String startStatus, String movingStatus) {
        this.out = out;
        this.startStatus = startStatus;
        this.movingStatus = movingStatus;
    }

    static LayerProgress pull(Consumer<Map<String, Object>> out) {
        return new LayerProgress(out, "Pulling fs layer", "Downloading");
    }

    /** A push's layers say "Pushing" from the start, as Docker's do. */
    static LayerProgress push(Consumer<Map<String, Object>> out) {
        return new LayerProgress(out, null, "Pushing");
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    @Override
    public void started(String id, String what, long total, long already) {
        long[] l = {already, total, 0};
        layers.put(id, l);
        out.accept(startStatus != null ? status(startStatus, id) : moving(id, l));
    }

    @Override
    public void waiting(String id, String note) {
        out.accept(status(note, id));
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
        out.accept(moving(id, l));
    }

    private Map<String, Object> moving(String id, long[] l) {
        Map<String, Object> m = status(movingStatus, id);
        m.put("progressDetail", Map.of("current", l[0], "total", l[1]));
        return m;
    }

    @Override
    public void verified(String id) {
        out.accept(status("Download complete", id));
    }

    @Override
    public void finished(String id, String note) {
        out.accept(status(note, id));
    }

    static Map<String, Object> status(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) m.put("id", shortId(id));
        m.put("progressDetail", Map.of());
        return m;
    }
}
