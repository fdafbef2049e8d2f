package dev.lamina.engine.build;

import dev.lamina.engine.http.Exchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a build tells its client, in the classic builder's JSON stream: text as
 * {"stream": ...} (the docker CLI prints it as it comes), a pull's progress as
 * status messages, the image id as {"aux": {"ID": ...}}, a failure as errorDetail.
 * Quiet builds (q=1) say nothing but the id at the end, or on a failure the text
 * held back (its last {@link #HELD_MAX} characters) and then the error, as dockerd's.
 */
final class BuildOutput {
    static final int HELD_MAX = 1 << 20;
    private final Exchange.Stream stream;
    private final boolean quiet;
    private final StringBuilder held = new StringBuilder();

    BuildOutput(Exchange.Stream stream, boolean quiet) {
        this.stream = stream;
        this.quiet = quiet;
    }

    void text(String text) {
        if (!quiet) {
            // Paced: a RUN step's output waits for a client that reads slowly, as under dockerd, instead of
            // queueing in the engine's memory without bound (review 43b).
            stream.jsonPaced(Map.of("stream", text));
            return;
        }
        held.append(text);
        if (held.length() > HELD_MAX) held.delete(0, held.length() - HELD_MAX);
    }

    /** A pull's progress message, as `docker pull` sends it. */
    void progress(Map<String, Object> message) {
        if (!quiet) stream.json(message);
    }

    void built(String imageId) {
        stream.json(Map.of("aux", Map.of("ID", imageId)));
        if (quiet) stream.json(Map.of("stream", imageId + "\n"));
    }

    void error(String message, Integer code) {
        if (quiet && !held.isEmpty()) stream.json(Map.of("stream", held.toString()));
        Map<String, Object> detail = new LinkedHashMap<>();
        if (code != null) detail.put("code", code);
        detail.put("message", message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", detail);
        m.put("error", message);
        stream.json(m);
    }

    /**
     * An empty message while a step is silent: the engine reads nothing from a client
     * whose request is under way, so only a write finds out that it went away (and
     * closing the connection then cancels the build). Clients print nothing for it.
     */
    void heartbeat() {
        stream.json(Map.of("stream", ""));
    }
}
