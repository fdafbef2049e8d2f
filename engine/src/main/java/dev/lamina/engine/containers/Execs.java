package dev.lamina.engine.containers;

import dev.lamina.container.ContainerSpec;
import dev.lamina.container.ContainerSpecException;
import dev.lamina.container.ContainerUser;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.syscalls.ExecResolver.ExecFailure;
import dev.lamina.container.ContainerExit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exec instances: a command run in a running container beside its others (`docker exec`,
 * and health checks), each told as moby tells it: exec_create and exec_start events
 * naming the command, exec_die with its exit code.
 */
public final class Execs {
    /** How long an exec's output may go on once its process has ended (moby's): a process it left holds it open. */
    private static final java.time.Duration OUTPUT_AFTER_EXIT = java.time.Duration.ofSeconds(2);
    private final Map<String, Exec> byId = new ConcurrentHashMap<>();
    private final Events events;

    public Execs(Events events) { this.events = events; }

    public Exec create(Container c, ExecRequest req) {
        if (!c.running()) throw c.notRunning();
        if (req.cmd().isEmpty()) throw ApiException.badRequest("No exec command specified");
        Exec e = new Exec(Names.newId(), c, req);
        byId.put(e.id(), e);
        c.execIds.add(e.id());
        publish(e, "exec_create: " + String.join(" ", req.cmd()), Map.of());
        return e;
    }

    private void publish(Exec e, String action, Map<String, String> more) {
        Map<String, String> attrs = new java.util.HashMap<>(Containers.attributes(e.container()));
        attrs.put("execID", e.id());
        attrs.putAll(more);
        events.publish("container", action, e.container().id(), attrs);
    }

    public Exec find(String id) {
        Exec e = byId.get(id);
        if (e == null) throw ApiException.notFound("No such exec instance: " + id);
        return e;
    }

    /** Forgets the execs of a container that is gone. */
    public void forget(Container c) {
        for (String id : c.execIds) byId.remove(id);
    }

    /**
     * Runs the exec to its end on a thread of its own, its output to {@code sink};
     * {@code ended} runs once the exit code is set and the output is all out.
     */
    public void start(Exec e, boolean terminal, List<Integer> consoleSize, OutputSink sink, Runnable ended) {
        Container c = e.container();
        Kernel kernel = c.kernel();
        synchronized (e) {
            if (e.started) throw ApiException.conflict("Exec " + e.id() + " has already run");
            if (kernel == null || !c.running()) throw c.notRunning();
            e.started = true;
            e.running = true;
        }
        ExecRequest r = e.request();
        ContainerRecord rec = c.record();
        ContainerUser who;
        try {
            who = dev.lamina.engine.files.EtcFiles.user(c.rootfs(), r.user() != null && !r.user().isEmpty() ? r.user() : rec.user());
        } catch (ContainerSpecException | dev.lamina.image.ImageException ex) {
            e.ended(126);
            throw ApiException.badRequest(ex.getMessage());
        }
        List<String> given = new ArrayList<>(rec.env());
        for (String kv : r.env()) {
            int eq = kv.indexOf('=');
            String prefix = (eq < 0 ? kv : kv.substring(0, eq)) + "=";
            given.removeIf(x -> x.startsWith(prefix));
            if (eq > 0) given.add(kv);
        }
        List<String> env = ContainerSpec.processEnv(Links.env(rec.name(), c.links, given), terminal, rec.hostname(),
                () -> dev.lamina.engine.files.EtcFiles.home(c.rootfs(), who.uid()));
        String workdir = r.workingDir() != null && !r.workingDir().isEmpty() ? r.workingDir() : rec.workingDir();
        publish(e, "exec_start: " + String.join(" ", r.cmd()), Map.of());
        Stdio stdio = terminal ? Stdio.terminal(consoleSize, kernel) : Stdio.pipes(Boolean.TRUE.equals(r.attachStdin()));
        e.streams(stdio);
        stdio.pump(sink, "exec-" + e.id().substring(0, 12));
        Thread.ofPlatform().name("exec-" + e.id().substring(0, 12)).start(() -> {
            int code;
            try {
                code = ContainerExit.fromWaitStatus(kernel.exec(r.cmd(), env, who.uid(), who.gid(), !who.groupGiven(), workdir,
                        Boolean.TRUE.equals(r.privileged()), stdio.hosts(kernel.runtimeFiles(), kernel.config().confinement().on()), pid -> e.pid = pid));
            } catch (ExecFailure f) {
                // On stdout, ended by CRLF, as moby's exec start writes a start's error into the stream.
                code = f.exitCode();
                sink.write(Frames.STDOUT, ("OCI runtime exec failed: exec failed: unable to start container process: "
                        + f.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException f) {
                code = 126;
                sink.write(Frames.STDOUT, ("exec failed: " + f.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
            } finally {
                stdio.closeContainerEnds();
                stdio.awaitOutput(OUTPUT_AFTER_EXIT);
            }
            e.ended(code);
            publish(e, "exec_die", Map.of("exitCode", Integer.toString(code)));
            stdio.close();
            ended.run();
        });
    }
}
