package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.http.ApiRequest;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.stats.ContainerStats;
import dev.lamina.engine.stats.ContainerTop;
import java.util.List;

/** A container's processes: `stats` (what they use, once or every second) and `top` (what they are). */
public final class ProcessApi {
    /** moby's collector's period: the streamed readings, and the span a single one measures CPU over. */
    private static final long PERIOD_MILLIS = 1000;

    private final Containers containers;

    public ProcessApi(Containers containers) {
        this.containers = containers;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/containers/{id}/stats", this::stats),
                Route.of("GET", "/containers/{id}/top", this::top));
    }

    /**
     * Streamed: a reading every second until the client goes or the container is removed
     * (zeros while it does not run). Not streamed: one reading, which unless one-shot is
     * taken a second after a first, so its precpu_stats give the CLI a CPU percentage
     * (moby primes it the same way).
     */
    private void stats(Exchange ex) throws Exception {
        ApiRequest r = ex.request();
        Container c = containers.find(r.param("id"));
        if (!r.flag("stream", true)) {
            ContainerStats.Sample first = ContainerStats.sample(c);
            if (first == null || r.flag("one-shot", false)) {
                ex.json(200, ContainerStats.json(c, first, null));
                return;
            }
            Thread.sleep(PERIOD_MILLIS);
            ContainerStats.Sample second = ContainerStats.sample(c);
            ex.json(200, second == null ? ContainerStats.json(c, null, null) : ContainerStats.json(c, second, first));
            return;
        }
        try (Exchange.Stream s = ex.stream(200, "application/json")) {
            ContainerStats.Sample before = null;
            while (!containers.removed(c).isDone()) {
                ContainerStats.Sample now = ContainerStats.sample(c);
                if (!s.json(ContainerStats.json(c, now, before))) return;
                before = now;
                Thread.sleep(PERIOD_MILLIS);
            }
        }
    }

    private void top(Exchange ex) throws Exception {
        Container c = containers.find(ex.request().param("id"));
        ex.json(200, ContainerTop.top(c, ex.request().query("ps_args")));
    }
}
