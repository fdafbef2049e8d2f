package dev.lamina.engine.images;

import dev.lamina.engine.http.Exchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pull's or push's progress messages, one JSON object a line. The first is held
 * until a second comes: only then is the answer a 200 stream, so a failure before
 * that can still be a plain error status the client reads.
 */
final class ProgressStream {
    private final Exchange ex;
    private Map<String, Object> held;
    private Exchange.Stream stream;

    ProgressStream(Exchange ex) { this.ex = ex; }

    synchronized void send(Map<String, Object> message) {
        if (stream == null && held == null) {
            held = message;
            return;
        }
        if (stream == null) {
            stream = ex.stream(200, "application/json");
            stream.json(held);
        }
        stream.json(message);
    }

    /** A failure once streaming, as Docker's clients read it: errorDetail and error. */
    void error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        send(m);
    }

    synchronized boolean opened() { return stream != null; }

    synchronized void close() {
        if (stream != null) stream.close();
    }
}
