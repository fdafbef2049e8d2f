package dev.lamina.app;

import com.github.dockerjava.api.model.PullResponseItem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pull's progress as the engine's JSON progress stream tells it: each layer's
 * status and bytes, and the whole (bytes of the layers whose size is known).
 */
public final class PullProgress {
    /** One layer: its last status and its fraction done (-1: not known yet). */
    public record Layer(String id, String status, double fraction) {}

    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final Map<String, long[]> bytes = new LinkedHashMap<>();
    private String status = "";
    private boolean failed;

    /** Takes one message of the stream; returns the layer it was about, or null. */
    public Layer accept(PullResponseItem item) {
        String id = item.getId();
        String s = item.getStatus() == null ? "" : item.getStatus();
        if (id == null || s.startsWith("Pulling from") || s.startsWith("Digest:") || s.startsWith("Status:")) {
            if (!s.isEmpty() && !s.startsWith("Digest:")) status = id != null && s.startsWith("Pulling from") ? s + " " + id : s;
            return null;
        }
        double fraction;
        var detail = item.getProgressDetail();
        if (detail != null && detail.getTotal() != null && detail.getTotal() > 0 && detail.getCurrent() != null) {
            bytes.put(id, new long[] {detail.getCurrent(), detail.getTotal()});
            fraction = Math.min(1.0, detail.getCurrent() / (double) detail.getTotal());
        } else if (s.equals("Pull complete") || s.equals("Already exists") || s.equals("Download complete")) {
            long[] b = bytes.get(id);
            if (b != null) b[0] = b[1];
            fraction = 1.0;
        } else {
            Layer before = layers.get(id);
            fraction = before == null ? -1 : before.fraction();
        }
        Layer layer = new Layer(id, s, fraction);
        layers.put(id, layer);
        return layer;
    }

    /** The whole pull, 0 to 1, or -1 while no layer's size is known. */
    public double overall() {
        if (!layers.isEmpty() && layers.values().stream().allMatch(l -> l.fraction() >= 1.0)) return 1.0;
        long done = 0, total = 0;
        for (long[] b : bytes.values()) {
            done += b[0];
            total += b[1];
        }
        return total == 0 ? -1 : (double) done / total;
    }

    /** The latest message not about one layer ("Status: Downloaded newer image for ..."). */
    public String status() { return status; }

    public Map<String, Layer> layers() { return layers; }

    /** The stream carried an error message. */
    public void fail() { failed = true; }

    public boolean failed() { return failed; }
}
