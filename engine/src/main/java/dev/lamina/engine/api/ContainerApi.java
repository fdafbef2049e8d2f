package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.ContainerRecord;
import dev.lamina.engine.containers.ContainerState;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.containers.CreateRequest;
import dev.lamina.engine.containers.Frames;
import dev.lamina.engine.containers.LogAttributes;
import dev.lamina.engine.containers.LogEntry;
import dev.lamina.engine.containers.Output;
import dev.lamina.engine.containers.UpdateRequest;
import dev.lamina.engine.files.DiskBytes;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.ApiRequest;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.http.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** The containers endpoints: create, list, inspect, the lifecycle, attach, wait, logs. */
public final class ContainerApi {
    static final String RAW = "application/vnd.docker.raw-stream";
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    private final Containers containers;

    public ContainerApi(Containers containers) {
        this.containers = containers;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", "/containers/create", this::create),
                Route.of("GET", "/containers/json", this::list),
                Route.of("POST", "/containers/prune", this::prune),
                Route.of("GET", "/containers/{id}/json", this::inspect),
                Route.of("POST", "/containers/{id}/start", this::start),
                Route.of("POST", "/containers/{id}/stop", this::stop),
                Route.of("POST", "/containers/{id}/restart", this::restart),
                Route.of("POST", "/containers/{id}/kill", this::kill),
                Route.of("POST", "/containers/{id}/wait", this::await),
                Route.of("POST", "/containers/{id}/attach", this::attach),
                Route.of("GET", "/containers/{id}/logs", this::logs),
                Route.of("POST", "/containers/{id}/resize", this::resize),
                Route.of("POST", "/containers/{id}/rename", this::rename),
                Route.of("POST", "/containers/{id}/pause", this::unsupportedPause),
                Route.of("POST", "/containers/{id}/unpause", this::unsupportedPause),
                Route.of("POST", "/containers/{id}/update", this::update),
                Route.of("DELETE", "/containers/{id}", this::remove));
    }

    private Container container(Exchange ex) {
        return containers.find(ex.request().param("id"));
    }

    private void create(Exchange ex) {
        CreateRequest req = Json.read(ex.request().body(), CreateRequest.class, null);
        if (req == null) throw ApiException.badRequest("config cannot be empty in order to create a container");
        Container c = containers.create(req, ex.request().query("name"), ex.request().query("platform"));
        boolean dropped = "host".equals(req.hostConfig().networkMode())
                && (!req.hostConfig().portBindings().isEmpty() || Boolean.TRUE.equals(req.hostConfig().publishAllPorts()));
        List<String> warnings = new java.util.ArrayList<>();
        if (dropped) warnings.add("Published ports are discarded when using host network mode");
        warnings.addAll(cpuWarning(req.hostConfig().nanoCpus(), req.hostConfig().cpuQuota()));
        ex.json(201, Map.of("Id", c.id(), "Warnings", warnings));
    }

    /** A CPU limit is shown to the container, not enforced (no cgroup): said as dockerd says what its kernel cannot do. */
    private static List<String> cpuWarning(Long nanoCpus, Long cpuQuota) {
        boolean limited = nanoCpus != null && nanoCpus > 0 || cpuQuota != null && cpuQuota > 0;
        return limited ? List.of("Lamina does not enforce CPU limits: the container's cgroup shows the limit, its processes may use more")
                : List.of();
    }

    private void list(Exchange ex) {
        ApiRequest r = ex.request();
        long limit = r.number("limit", -1);
        boolean all = r.flag("all", false) || limit > 0; // `ps -n N` and `-l`: the latest made, whatever their state
        Filters filters = Filters.parse(r.query("filters"));
        for (String key : filters.values().keySet())
            if (!LIST_FILTERS.contains(key)) throw ApiException.badRequest("invalid filter '" + key + "'");
        for (String v : filters.values().getOrDefault("status", List.of()))
            if (!STATUSES.contains(v)) throw ApiException.badRequest("invalid filter 'status=" + v + "'");
        // before and since: made before (after) the container named, as moby orders them; as the query's own
        // parameters (docker-java's withBefore, withSince) they are ignored, as moby has ignored them since 1.12
        String before = created(filters, "before"), since = created(filters, "since");
        // ancestor: the image each value names and those made from it, by their ids, as moby resolves them (a value
        // naming none is compared as written)
        java.util.Map<String, java.util.Set<String>> ancestors = new java.util.HashMap<>();
        for (String v : filters.values().getOrDefault("ancestor", List.of())) {
            java.util.Set<String> ids = containers.imageAndDescendants(v);
            if (!ids.isEmpty()) ancestors.put(v, ids);
        }
        List<Container> chosen = new ArrayList<>();
        for (Container c : containers.all()) {
            if (!all && !c.running() && !c.record().state().restarting() && !filters.has("status")) continue;
            if (!matches(c, filters, ancestors)) continue;
            String made = c.record().created();
            if ((before != null && made.compareTo(before) >= 0) || (since != null && made.compareTo(since) <= 0)) continue;
            chosen.add(c);
        }
        chosen.sort((a, b) -> b.record().created().compareTo(a.record().created()));
        if (limit > 0 && chosen.size() > limit) chosen = chosen.subList(0, (int) limit);
        Map<String, String> shown = new java.util.HashMap<>(); // image names resolved once per list
        boolean size = r.flag("size", false);
        ex.json(200, chosen.stream().map(c -> {
            Map<String, Object> row = ContainerViews.summary(c, containers::volumeData);
            row.put("Image", shown.computeIfAbsent(c.record().image() + " " + c.record().imageId(), k -> containers.shownImage(c.record())));
            if (size) sizes(containers, c, row);
            return row;
        }).toList());
    }

    /** SizeRw (the container's own files) and SizeRootFs (with its image's), asked with size=1 as they cost a walk. */
    static void sizes(Containers containers, Container c, Map<String, Object> m) {
        long own = DiskBytes.own(c.rootfs());
        m.put("SizeRw", own);
        m.put("SizeRootFs", own + containers.imageBytes(c));
    }

    /** The filters `docker ps` takes (moby's list; isolation and is-task ask nothing here). */
    private static final java.util.Set<String> LIST_FILTERS = java.util.Set.of("ancestor", "before", "expose", "exited", "health",
            "id", "isolation", "is-task", "label", "name", "network", "publish", "since", "status", "volume");
    private static final java.util.Set<String> STATUSES = java.util.Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");

    /** When the container a `before` or `since` filter (else the parameter of that name) names was made; null
     * without either. */
    private String created(Filters f, String key) {
        List<String> v = f.values().get(key);
        return v == null || v.isEmpty() ? null : containers.find(v.getFirst()).record().created();
    }

    private static boolean matches(Container c, Filters f, java.util.Map<String, java.util.Set<String>> ancestors) {
        var rec = c.record();
        String health = c.health() == null ? "none" : c.health().status();
        return f.any("id", v -> rec.id().startsWith(v))
                && f.match("name", "/" + rec.name(), rec.name())
                && f.any("status", v -> v.equals(rec.state().status()))
                && f.any("label", v -> Filters.label(rec.config().labels(), v))
                && f.any("ancestor", v -> ancestors.containsKey(v) ? ancestors.get(v).contains(rec.imageId())
                        : rec.image().equals(v) || rec.imageId().equals(v) || rec.imageId().startsWith("sha256:" + v))
                && f.any("exited", v -> rec.state().status().equals(ContainerState.EXITED) && v.equals(Integer.toString(rec.state().exitCode())))
                && f.any("volume", v -> mounts(rec, v))
                && f.any("health", v -> v.equals(health))
                && f.any("network", v -> rec.networks().entrySet().stream()
                        .anyMatch(n -> n.getKey().equals(v) || n.getValue().networkId().startsWith(v)))
                && f.any("publish", v -> PortFilter.matches(v, rec.config().hostConfig().portBindings().keySet()))
                && f.any("expose", v -> PortFilter.matches(v, exposed(rec)));
    }

    /** A container's exposed ports: its config's and those it publishes, as "80/tcp". */
    private static java.util.Set<String> exposed(ContainerRecord rec) {
        java.util.Set<String> out = new java.util.HashSet<>(rec.config().hostConfig().portBindings().keySet());
        if (rec.config().exposedPorts() != null) out.addAll(rec.config().exposedPorts().keySet());
        return out;
    }

    /** Whether a container mounts volume (or bind source) {@code v}, or mounts something at path {@code v}. */
    private static boolean mounts(ContainerRecord rec, String v) {
        for (String b : rec.config().hostConfig().binds()) {
            String[] p = b.split(":");
            if (p.length >= 2 && (p[0].equals(v) || p[1].equals(v))) return true;
        }
        return false;
    }

    private void prune(Exchange ex) {
        Filters filters = Filters.parse(ex.request().query("filters"), java.util.Set.of("label", "label!", "until"));
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : List.copyOf(containers.all())) {
            Map<String, String> labels = c.record().config().labels();
            if (c.running() || c.record().state().restarting() || !filters.any("label", v -> Filters.label(labels, v)) || !filters.none("label!", v -> Filters.label(labels, v))
                    || !filters.before("until", Instant.parse(c.record().created())))
                continue;
            long own = DiskBytes.own(c.rootfs());
            containers.remove(c, false);
            deleted.add(c.id());
            reclaimed += own;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ContainersDeleted", deleted);
        body.put("SpaceReclaimed", reclaimed);
        ex.json(200, body);
    }

    private void inspect(Exchange ex) {
        Container c = container(ex);
        Map<String, Object> m = ContainerViews.inspect(c, containers::volumeData);
        if (ex.request().flag("size", false)) sizes(containers, c, m);
        ex.json(200, m);
    }

    private void start(Exchange ex) {
        containers.start(container(ex));
        ex.empty(204);
    }

    private void stop(Exchange ex) {
        Container c = container(ex);
        boolean stopped = containers.stop(c, ex.request().query("signal"), timeout(ex.request()));
        ex.empty(stopped ? 204 : 304);
    }

    private static Integer timeout(ApiRequest r) {
        String t = r.query("t") != null ? r.query("t") : r.query("timeout");
        if (t == null || t.isEmpty()) return null;
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for t: " + t);
        }
    }

    private void restart(Exchange ex) {
        Container c = container(ex);
        containers.stop(c, ex.request().query("signal"), timeout(ex.request()));
        containers.start(c);
        containers.restarted(c);
        ex.empty(204);
    }

    private void kill(Exchange ex) {
        containers.kill(container(ex), ex.request().query("signal"));
        ex.empty(204);
    }

    private void unsupportedPause(Exchange ex) {
        container(ex);
        throw ApiException.notImplemented("pause is not supported by Lamina: containers are plain processes without a cgroup freezer");
    }

    /**
     * `wait`: headers at once (the CLI waits for them before it starts the container),
     * then the status when the condition is met: not-running (now, if it is not), the
     * end of the next run, or removal.
     */
    private void await(Exchange ex) {
        String condition = ex.request().query("condition", "not-running");
        Container c;
        try {
            c = container(ex);
        } catch (ApiException missing) {
            ContainerRecord gone = missing.status() == 404 ? containers.autoRemoved(ex.request().param("id")) : null;
            if (gone == null || !List.of("next-exit", "removed", "not-running", "").contains(condition)) throw missing;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("StatusCode", gone.state().exitCode());
            body.put("Error", null);
            ex.json(200, body);
            return;
        }
        var future = switch (condition) {
            case "next-exit" -> containers.nextExit(c);
            case "removed" -> containers.removed(c);
            case "not-running", "" -> containers.notRunning(c);
            default -> throw ApiException.badRequest("invalid condition: " + condition);
        };
        try (Exchange.Stream s = ex.stream(200, "application/json")) {
            ContainerState st = future.join();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("StatusCode", st.exitCode());
            body.put("Error", null);
            s.json(body);
        }
    }

    /**
     * `attach`: the connection becomes the container's streams. Attached before start
     * (as `docker run` does), it gets all the output of the run; it ends with the run.
     * The listener joins before the answer goes out: `docker run` starts the container
     * as soon as it has the answer, and a run that ended before the listener joined
     * would leave the client waiting for an end that never comes.
     */
    private void attach(Exchange ex) {
        Container c = container(ex);
        ApiRequest r = ex.request();
        boolean tty = c.record().config().terminal();
        boolean stdin = r.flag("stdin", false), stream = r.flag("stream", false), logs = r.flag("logs", false);
        boolean wantOut = r.flag("stdout", false), wantErr = r.flag("stderr", false);
        String type = tty || !r.version().atLeast(1, 42) ? RAW : MULTIPLEXED;
        List<byte[]> replay = new ArrayList<>();
        if (logs) {
            try (Output.Snapshot kept = c.output().snapshot(null, false)) {
                kept.forEach(e -> {
                    if (wanted(e.stream(), wantOut, wantErr)) replay.add(tty ? e.bytes() : Frames.frame(e.stream(), e.bytes()));
                });
            } catch (IOException e) {
                replay.add(Frames.frame(Frames.SYSTEM_ERROR, ("cannot read the log: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
            }
        }
        // Live output waits for the connection (and the log before it); null when there is none.
        CompletableFuture<Exchange.Connection> connection = new CompletableFuture<>();
        Output.Listener l = new Output.Listener() {
            @Override
            public void chunk(int s, byte[] bytes) {
                Exchange.Connection conn = connection.join();
                if (conn != null && wanted(s, wantOut, wantErr)) conn.write(tty ? bytes : Frames.frame(s, bytes));
            }

            @Override
            public void end() {
                Exchange.Connection conn = connection.join();
                if (conn != null) conn.close();
            }
        };
        if (stream && !c.output().attach(l)) c.output().attachBeforeStart(l);
        containers.attached(c);
        Exchange.Connection conn;
        try {
            conn = ex.hijack(type, stdin ? c::input : (b, taken) -> taken.run(), stdin ? c::closeInput : () -> {});
        } catch (RuntimeException e) {
            c.output().detach(l);
            connection.complete(null);
            throw e;
        }
        for (byte[] b : replay) conn.write(b);
        connection.complete(conn);
        if (!stream) {
            conn.close();
            return;
        }
        ex.onClose(() -> c.output().detach(l));
    }

    private static boolean wanted(int stream, boolean out, boolean err) {
        return stream == Frames.STDOUT ? out : stream == Frames.STDERR && err;
    }

    /** How far a log follower may fall behind the live output before its follow ends (review 43b: a follower
     * that did not read, `docker logs -f c | less` paused, had all of a chatty container's output queued in
     * the engine's heap until every container of the engine went down with it). */
    private static final long FOLLOWER_BEHIND_MAX = 16L << 20;

    /** `logs`: what the json-file log keeps, filtered; with follow, then the live output until the run ends
     * (or until the client falls too far behind it). */
    private void logs(Exchange ex) {
        Container c = container(ex);
        if (!c.record().config().hostConfig().keepsLogs())
            throw ApiException.notImplemented("configured logging driver does not support reading");
        ApiRequest r = ex.request();
        boolean wantOut = r.flag("stdout", false), wantErr = r.flag("stderr", false);
        if (!wantOut && !wantErr) throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        boolean follow = r.flag("follow", false), timestamps = r.flag("timestamps", false), details = r.flag("details", false);
        boolean tty = c.record().config().terminal();
        Map<String, String> labels = c.record().config().labels();
        String attributes = !details ? null : LogAttributes.details(LogAttributes.of(
                c.record().config().hostConfig().logConfig().config(), labels == null ? Map.of() : labels, c.record().env()));
        Instant since = time(r.query("since")), until = time(r.query("until"));
        String tail = r.query("tail", "all");
        CountDownLatch done = new CountDownLatch(1);
        Exchange.Stream out = ex.stream(200, tty || !r.version().atLeast(1, 42) ? RAW : MULTIPLEXED);
        // Live output that comes while the log's history is read from the disk (the listener joins first, so that
        // nothing falls between the two) waits for the history, within the follower's bound.
        List<byte[]> held = new ArrayList<>();
        long[] heldBytes = {0};
        boolean[] live = {false};
        Runnable fellBehind = () -> {
            // The log keeps what the follower did not get; dockerd's follower, which reads the log file,
            // misses what rotation takes before it reads it.
            if (!tty) out.write(Frames.frame(Frames.SYSTEM_ERROR, ("the client read the container's output more slowly "
                    + "than the container wrote it, and fell " + FOLLOWER_BEHIND_MAX / (1 << 20) + " MiB behind: "
                    + "the rest is in the log").getBytes(StandardCharsets.UTF_8)));
            done.countDown();
        };
        Output.Listener l = new Output.Listener() {
            @Override
            public void chunk(int s, byte[] bytes) {
                if (!wanted(s, wantOut, wantErr) || done.getCount() == 0) return;
                if (until != null && Instant.now().isAfter(until)) {
                    done.countDown();
                    return;
                }
                byte[] frame = encode(s, bytes, Instant.now(), tty, timestamps, attributes);
                synchronized (held) {
                    if (!live[0]) {
                        heldBytes[0] += frame.length;
                        if (heldBytes[0] <= FOLLOWER_BEHIND_MAX) held.add(frame);
                        return;
                    }
                }
                if (!out.writeUnlessBehind(frame, FOLLOWER_BEHIND_MAX)) fellBehind.run();
            }

            @Override
            public void end() { done.countDown(); }
        };
        Output.Snapshot snap;
        try {
            snap = c.output().snapshot(l, follow && (until == null || until.isAfter(Instant.now())));
        } catch (IOException e) {
            out.write(Frames.frame(Frames.SYSTEM_ERROR, ("cannot read the log: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
            out.close();
            return;
        }
        // As moby's json-file reader: the tail is of the log's last lines, both streams, then the times and streams asked for.
        int n = -1;
        if (!tail.equals("all") && !tail.isEmpty()) {
            try {
                n = Integer.parseInt(tail);
            } catch (NumberFormatException e) {
                n = -1;
            }
        }
        // A frame a chunk, as dockerd writes them: docker-java makes a Frame of each read, and a read of many frames in
        // one chunk stops at its buffer's end, splitting a line in two (chunks can still meet in one read: rarer, as
        // against dockerd). With a TTY, raw lines gathered. Paced: a long log waits for a slow client.
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        java.util.function.Consumer<LogEntry> send = e -> {
            if (!wanted(e.stream(), wantOut, wantErr) || since != null && e.time().isBefore(since)
                    || until != null && e.time().isAfter(until)) return;
            byte[] bytes = encode(e.stream(), e.bytes(), e.time(), tty, timestamps, attributes);
            if (!tty) paced(out, bytes);
            else if (batch.size() + bytes.length > BATCH) {
                paced(out, batch.toByteArray());
                batch.reset();
                batch.writeBytes(bytes);
            } else batch.writeBytes(bytes);
        };
        try (snap) {
            if (n >= 0) {
                for (LogEntry e : snap.last(n)) send.accept(e);
            } else snap.forEach(send);
            paced(out, batch.toByteArray());
        } catch (ClientGone gone) {
            c.output().detach(l);
            out.close();
            return;
        } catch (IOException e) {
            out.writePaced(Frames.frame(Frames.SYSTEM_ERROR, ("cannot read the log: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
        }
        synchronized (held) {
            if (heldBytes[0] > FOLLOWER_BEHIND_MAX) fellBehind.run();
            else for (byte[] frame : held) if (done.getCount() > 0 && !out.writeUnlessBehind(frame, FOLLOWER_BEHIND_MAX)) fellBehind.run();
            held.clear();
            live[0] = true;
        }
        if (snap.following()) {
            ex.onClose(done::countDown);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                c.output().detach(l);
            }
        }
        out.close();
    }

    /** Raw output gathered up to this before it is written. */
    private static final int BATCH = 64 << 10;

    /** The client of a log read has gone: the rest of the log is not read. */
    private static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone() { super(null, null, false, false); }
    }

    private static void paced(Exchange.Stream out, byte[] bytes) {
        if (!out.writePaced(bytes)) throw new ClientGone();
    }

    /** An entry as logs sends it: with details, its attributes (LogAttributes; null without details) and a space before
     * it, as moby's; then with timestamps, its time before that. */
    private static byte[] encode(int stream, byte[] bytes, Instant time, boolean tty, boolean timestamps, String attributes) {
        String before = (timestamps ? time + " " : "") + (attributes != null ? attributes + " " : "");
        byte[] prefix = before.getBytes(StandardCharsets.US_ASCII), payload = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(bytes, 0, payload, prefix.length, bytes.length);
        return tty ? payload : Frames.frame(stream, payload);
    }

    /** since/until as Docker's clients send them (Filters.timestamp's forms); 0 or absent for none. */
    static Instant time(String v) {
        if (v == null || v.isEmpty() || v.equals("0")) return null;
        return Filters.timestamp(v);
    }

    private void resize(Exchange ex) {
        Container c = container(ex);
        int h = (int) ex.request().number("h", 0), w = (int) ex.request().number("w", 0);
        if (!c.running()) throw c.notRunning();
        if (!c.resize(h, w)) throw ApiException.badRequest("the container has no terminal");
        ex.empty(200);
    }

    private void update(Exchange ex) {
        Container c = container(ex);
        UpdateRequest u = Json.read(ex.request().body(), UpdateRequest.class, null);
        containers.update(c, u);
        ex.json(200, Map.of("Warnings", u == null ? List.of() : cpuWarning(u.nanoCpus(), u.cpuQuota())));
    }

    private void rename(Exchange ex) {
        String name = ex.request().query("name");
        if (name == null || name.isEmpty()) throw ApiException.badRequest("name is required");
        containers.rename(container(ex), name);
        ex.empty(204);
    }

    private void remove(Exchange ex) {
        containers.remove(container(ex), ex.request().flag("force", false), ex.request().flag("v", false));
        ex.empty(204);
    }
}
