package dev.lamina.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.containers.Exec;
import dev.lamina.engine.containers.ExecRequest;
import dev.lamina.engine.containers.Execs;
import dev.lamina.engine.containers.Frames;
import dev.lamina.engine.containers.OutputSink;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.http.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** exec: create in a running container, start (hijacked, plain, or detached), resize, inspect. */
public final class ExecApi {
    private final Containers containers;
    private final Execs execs;

    public ExecApi(Containers containers, Execs execs) {
        this.containers = containers;
        this.execs = execs;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", "/containers/{id}/exec", this::create),
                Route.of("POST", "/exec/{id}/start", this::start),
                Route.of("POST", "/exec/{id}/resize", this::resize),
                Route.of("GET", "/exec/{id}/json", this::inspect));
    }

    private void create(Exchange ex) {
        Container c = containers.find(ex.request().param("id"));
        ExecRequest req = Json.read(ex.request().body(), ExecRequest.class, null);
        if (req == null) throw ApiException.badRequest("exec config cannot be empty");
        ex.json(201, Map.of("Id", execs.create(c, req).id()));
    }

    /**
     * Starts an exec. Detached, it runs on and the answer is at once; otherwise the
     * connection carries its streams (taken over when the client asks to upgrade, a
     * plain 200 body when not: docker-java without stdin) and closes at its end,
     * after its exit code is set.
     */
    private void start(Exchange ex) {
        Exec e = execs.find(ex.request().param("id"));
        JsonNode body = ex.request().body().length == 0 ? Json.MAPPER.createObjectNode() : Json.tree(ex.request().body());
        boolean detach = body.path("Detach").asBoolean(false);
        // The process's terminal is the exec's own; whether its output is framed is the
        // start's Tty, false when absent (moby's: docker-java starts without it).
        boolean tty = e.request().terminal(), raw = body.path("Tty").asBoolean(false);
        List<Integer> size = new ArrayList<>();
        body.path("ConsoleSize").forEach(n -> size.add(n.asInt()));
        if (size.isEmpty() && e.request().consoleSize() != null) size.addAll(e.request().consoleSize());
        if (detach) {
            execs.start(e, tty, size, (s, b) -> {}, () -> {});
            ex.empty(200);
            return;
        }
        // A stream is attached only when the exec's create asked for it (moby: unset is false).
        boolean stdin = Boolean.TRUE.equals(e.request().attachStdin());
        boolean out = Boolean.TRUE.equals(e.request().attachStdout()), err = Boolean.TRUE.equals(e.request().attachStderr());
        String type = raw || !ex.request().version().atLeast(1, 42) ? ContainerApi.RAW : ContainerApi.MULTIPLEXED;
        Exchange.Connection conn = ex.hijack(type, stdin ? e::input : (b, taken) -> taken.run(), stdin ? e::closeInput : () -> {});
        OutputSink sink = (s, bytes) -> {
            if (s == Frames.STDOUT ? out : err) conn.write(raw ? bytes : Frames.frame(s, bytes));
        };
        try {
            execs.start(e, tty, size, sink, conn::close);
        } catch (ApiException failure) {
            conn.write(raw ? failure.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : Frames.frame(Frames.STDERR, (failure.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            conn.close();
        }
    }

    private void resize(Exchange ex) {
        Exec e = execs.find(ex.request().param("id"));
        if (!e.running()) throw ApiException.conflict("exec " + e.id() + " is not running");
        if (!e.resize((int) ex.request().number("h", 0), (int) ex.request().number("w", 0)))
            throw ApiException.badRequest("the exec has no terminal");
        ex.empty(200);
    }

    private void inspect(Exchange ex) {
        Exec e = execs.find(ex.request().param("id"));
        ExecRequest r = e.request();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", e.id());
        m.put("Running", e.running());
        m.put("ExitCode", e.exitCode());
        Map<String, Object> pc = new LinkedHashMap<>();
        pc.put("tty", r.terminal());
        pc.put("entrypoint", r.cmd().isEmpty() ? "" : r.cmd().getFirst());
        pc.put("arguments", r.cmd().size() > 1 ? r.cmd().subList(1, r.cmd().size()) : List.of());
        pc.put("privileged", Boolean.TRUE.equals(e.request().privileged()));
        pc.put("user", r.user() == null ? "" : r.user());
        m.put("ProcessConfig", pc);
        m.put("OpenStdin", Boolean.TRUE.equals(r.attachStdin()));
        m.put("OpenStderr", Boolean.TRUE.equals(r.attachStderr()));
        m.put("OpenStdout", Boolean.TRUE.equals(r.attachStdout()));
        m.put("CanRemove", false);
        m.put("ContainerID", e.container().id());
        m.put("DetachKeys", r.detachKeys() == null ? "" : r.detachKeys());
        m.put("Pid", e.hostPid());
        ex.json(200, m);
    }
}
