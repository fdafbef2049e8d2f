package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import dev.lamina.cli.client.EngineError;
import dev.lamina.cli.client.Response;
import dev.lamina.container.Overrides;
import dev.lamina.container.ProcessOptions;
import dev.lamina.engine.containers.CreateRequest;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `lamina run` through the data root's engine, as `docker run --rm` does it:
 * create (pulling the image here first when the store lacks it), attach and
 * wait before start, relay the streams, and the exit status from the wait. The
 * container is the engine's: `lamina ps` and `docker ps` show it, and with -d
 * it runs on after lamina exits. Its ports are the host's unless some are
 * published (-p), as without an engine.
 */
final class EngineRun {
    /** How long a container told to stop (lamina got SIGINT, SIGTERM or SIGHUP) has before it is killed, as in-process. */
    private static final int STOP_GRACE_SECONDS = 2;

    private final EngineClient engine;
    private final String image;
    private final Overrides overrides;
    private final List<PortPlan.Published> published;
    private final RunLimits limits;
    private final ProcessOptions.Asked processOptions;
    private final boolean interactive;
    private final String name;
    private final boolean init;
    private final boolean removeDetached;

    /**
     * {@code image} null is the built-in one; {@code overrides} and {@code published}
     * are `lamina run`'s options, checked, and {@code limits} its resource options; {@code interactive} is -i; {@code name} the
     * container's (null: the engine picks one); {@code init} is --init.
     */
    EngineRun(EngineClient engine, String image, Overrides overrides, List<PortPlan.Published> published, RunLimits limits,
              ProcessOptions.Asked processOptions, boolean interactive, String name, boolean init, boolean removeDetached) {
        this.engine = engine;
        this.image = image == null ? Images.DEFAULT_IMAGE : image;
        this.overrides = overrides;
        this.published = published;
        this.limits = limits;
        this.processOptions = processOptions;
        this.interactive = interactive;
        this.name = name;
        this.init = init;
        this.removeDetached = removeDetached;
    }

    /** Runs the container to its end and returns its exit status. */
    int attached() throws IOException {
        boolean tty = overrides.terminal();
        // Without -t, piped input always goes in (as in-process); a terminal's only with -i, as docker's: reading one
        // would stop a lamina run in the background (SIGTTIN).
        boolean input = interactive || (!tty && !ContainerTerminal.inputIsTerminal());
        WindowSize size = null;
        if (tty) {
            try (HostCalls h = new HostCalls()) {
                size = WindowSize.ofUser(h);
            }
        }
        String id = create(input, size, true);
        try (Response wait = waitForRemoval(id);
                Response attach = engine.upgrade("POST", "/containers/" + id + "/attach?stream=1&stdout=1&stderr=1"
                        + (input ? "&stdin=1" : ""), null)) {
            Thread stopper = new Thread(() -> stop(id), "lamina-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            try (AttachedStreams streams = AttachedStreams.start(attach, tty, input, size, s -> resize(id, s))) {
                try {
                    engine.call("POST", "/containers/" + id + "/start", null);
                } catch (EngineError e) {
                    return failedStart(id, wait, e);
                }
                reportPickedPorts(id);
                int status = status(wait);
                streams.awaitOutput();
                return status;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException e) {
                    // shutting down: the stopper is at work
                }
            }
        }
    }

    /** Starts the container and leaves it running (-d); prints its id. */
    int detached() throws IOException {
        String id = create(false, null, false);
        try (Response wait = waitForRemoval(id)) {
            try {
                engine.call("POST", "/containers/" + id + "/start", null);
            } catch (EngineError e) {
                return failedStart(id, wait, e);
            }
        }
        reportPickedPorts(id);
        System.out.println(id);
        return 0;
    }

    /** Creates the container; its id. */
    private String create(boolean input, WindowSize size, boolean attached) throws IOException {
        List<String> binds = new ArrayList<>();
        for (ContainerConfig.Volume v : overrides.volumes()) binds.add(v.hostPath() + ":" + v.containerPath() + (v.readOnly() ? ":ro" : ""));
        Map<String, List<CreateRequest.PortBinding>> ports = new LinkedHashMap<>();
        for (PortPlan.Published p : published)
            ports.computeIfAbsent(p.guestName(), k -> new ArrayList<>()).add(new CreateRequest.PortBinding(
                    p.hostIp() == null ? "" : p.hostIp().getHostAddress(), p.hostPort() == 0 ? "" : Integer.toString(p.hostPort())));
        // -d -i keeps stdin open for a later attach, as Docker's.
        boolean openStdin = input || (!attached && interactive);
        // A run lamina waits for goes when it ends; a detached one stays for logs and inspect, as Docker's, unless --rm.
        CreateRequest.HostConfig host = new CreateRequest.HostConfig(binds, attached || removeDetached, null, ports, null,
                published.isEmpty() ? "host" : null, size == null ? null : List.of(size.rows(), size.columns()),
                overrides.compat() ? List.of("lamina=compat") : null, null, null, null, null, null, limits.memory(), limits.memorySwap(),
                limits.nanoCpus(), null, null, limits.pidsLimit(), init ? true : null, null, null, null, nonEmpty(processOptions.capAdd()),
                nonEmpty(processOptions.capDrop()), processOptions.privileged() ? true : null, nonEmpty(processOptions.groupAdd()),
                nonEmpty(processOptions.ulimits()), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
        CreateRequest body = new CreateRequest(image, overrides.cmd().isEmpty() ? null : overrides.cmd(), overrides.entrypoint(),
                overrides.env(), overrides.user(), overrides.workdir(), overrides.hostname(), null, overrides.terminal(), openStdin,
                openStdin, input, attached, attached, null, null, null, null, null, null, host, null);
        String path = "/containers/create" + (name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        JsonNode created;
        try {
            created = engine.call("POST", path, body);
        } catch (EngineError e) {
            if (e.status() != 404) throw e;
            // The store is shared: the image is pulled here, with the progress lamina always shows, then the engine has it.
            PullCommand.pull(Images.store(), image, null, System.err);
            created = engine.call("POST", path, body);
        }
        return created.path("Id").asText();
    }

    /** Docker's wait for a container that removes itself: its status comes once it is gone. */
    private Response waitForRemoval(String id) throws IOException {
        return engine.send("POST", "/containers/" + id + "/wait?condition=removed", null).ok();
    }

    private static int status(Response wait) throws IOException {
        return wait.json().path("StatusCode").asInt(125);
    }

    /**
     * A start the engine refused: said, the container removed (--rm), and the status
     * Docker gives: 126 or 127 when the command could not run (the run the engine
     * ended so), else 125.
     */
    private int failedStart(String id, Response wait, EngineError e) throws IOException {
        System.err.println("lamina: " + e.getMessage());
        remove(id);
        int status = status(wait);
        return status == 126 || status == 127 ? status : 125;
    }

    /** Host ports the host picked (-p without one) are said on stderr, as in-process. */
    private void reportPickedPorts(String id) throws IOException {
        if (published.stream().noneMatch(p -> p.hostPort() == 0)) return;
        JsonNode ports;
        try {
            ports = engine.call("GET", "/containers/" + id + "/json", null).path("NetworkSettings").path("Ports");
        } catch (EngineError e) {
            return; // gone already
        }
        // a port on every address is listed at IPv4's and IPv6's, with one host port
        for (PortPlan.Published p : published) {
            if (p.hostPort() != 0) continue;
            java.util.Set<String> hostPorts = new java.util.LinkedHashSet<>();
            for (JsonNode b : ports.path(p.guestName())) hostPorts.add(b.path("HostPort").asText());
            for (String hostPort : hostPorts) System.err.println("lamina: " + p.guestName() + " is published at host port " + hostPort);
        }
    }

    private void resize(String id, WindowSize s) {
        try {
            engine.call("POST", "/containers/" + id + "/resize?h=" + s.rows() + "&w=" + s.columns(), null);
        } catch (IOException | EngineError e) {
            // not running (any more): nothing to resize
        }
    }

    /** lamina is told to stop: so is the container (its stop signal, SIGKILL after the grace), and it goes. */
    private void stop(String id) {
        try {
            engine.call("POST", "/containers/" + id + "/stop?t=" + STOP_GRACE_SECONDS, null);
        } catch (IOException | EngineError e) {
            // not running: removed below
        }
        remove(id);
    }

    private void remove(String id) {
        try {
            engine.call("DELETE", "/containers/" + id + "?force=1", null);
        } catch (IOException | EngineError e) {
            // gone already, or going
        }
    }

    /** A list HostConfig carries, or null for none (as the docker CLI leaves them out). */
    private static <T> List<T> nonEmpty(List<T> list) {
        return list.isEmpty() ? null : list;
    }
}
