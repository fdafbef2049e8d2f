package dev.lamina.engine.build;

import dev.lamina.builder.dockerfile.Instruction;
import dev.lamina.builder.dockerfile.Command;
import dev.lamina.builder.dockerfile.Heredoc;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.ContainerState;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.containers.CreateRequest;
import dev.lamina.engine.containers.Output;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * RUN: the command runs in a real container of the stage's image (its environment
 * plus the build's ARG values, its user and working directory; the entrypoint
 * ignored, as Docker ignores it), its output going to the client line by line;
 * a non-zero exit fails the build with Docker's message.
 */
final class RunStep {
    private RunStep() {}

    /** The command line a RUN runs: the shell form through the stage's SHELL, heredocs given to it as written. */
    static List<String> commandLine(StageState s, Instruction.Run run) {
        if (run.command() instanceof Command.Shell sh && !run.heredocs().isEmpty()) {
            List<String> line = new ArrayList<>(s.shell());
            Heredoc only = run.heredocs().size() == 1 && sh.line().strip().matches("<<-?[\"']?" + java.util.regex.Pattern.quote(
                    run.heredocs().getFirst().name()) + "[\"']?") ? run.heredocs().getFirst() : null;
            if (only != null) line.add(only.content()); // the heredoc is the script
            else {
                StringBuilder script = new StringBuilder(sh.line());
                for (Heredoc h : run.heredocs()) {
                    script.append('\n').append(h.content());
                    if (!h.content().endsWith("\n")) script.append('\n');
                    script.append(h.name());
                }
                line.add(script.toString());
            }
            return line;
        }
        return ConfigSteps.commandLine(s, run.command());
    }

    /**
     * Runs the command in a new container; returns it, stopped, for its changes to be
     * taken. A start that fails or a non-zero exit throws, after removing the container
     * when asked to (the build's forceRemove).
     */
    static Container run(Containers containers, StageState s, List<String> command, BuildRequest build,
                         BuildOutput out, java.util.function.Consumer<Container> started) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("Image", s.image.id().toString());
        req.put("Cmd", command);
        req.put("Entrypoint", List.of());
        req.put("Env", s.argEnvironment());
        req.put("User", s.user());
        req.put("WorkingDir", s.workdir());
        req.put("HostConfig", build.stepHostConfig());
        Container c = containers.create(Json.MAPPER.convertValue(req, CreateRequest.class), null, s.platform.toString());
        out.text(" ---> Running in " + c.id().substring(0, 12) + "\n");
        Lines lines = new Lines(out);
        c.output().attachBeforeStart(lines);
        CompletableFuture<ContainerState> exit = containers.nextExit(c);
        ContainerState state;
        try {
            containers.start(c);
            started.accept(c);
            state = waitFor(exit, out);
        } catch (ApiException e) {
            failed(containers, c, build.forceRemove());
            throw new BuildException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            containers.remove(c, true, true);
            throw new BuildException("the build was interrupted");
        } catch (ExecutionException e) {
            failed(containers, c, build.forceRemove());
            throw new BuildException("the step's container failed: " + e.getCause().getMessage());
        } finally {
            lines.end();
        }
        if (state.exitCode() != 0) {
            failed(containers, c, build.forceRemove());
            throw new BuildException("The command '" + String.join(" ", command) + "' returned a non-zero code: " + state.exitCode(),
                    state.exitCode());
        }
        return c;
    }

    /** The step's exit, with a heartbeat to the client every second meanwhile. */
    private static ContainerState waitFor(CompletableFuture<ContainerState> exit, BuildOutput out)
            throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return exit.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                out.heartbeat();
            }
        }
    }

    private static void failed(Containers containers, Container c, boolean forceRemove) {
        if (forceRemove) containers.remove(c, true, true);
    }

    /**
     * The step's output as the client gets it: whole lines (a character is never cut),
     * a line longer than {@link #MAX_LINE} in pieces of that size, the rest at the end.
     */
    private static final class Lines implements Output.Listener {
        private static final int MAX_LINE = 64 << 10;
        private final BuildOutput out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(BuildOutput out) {
            this.out = out;
        }

        @Override
        public synchronized void chunk(int stream, byte[] bytes) {
            for (byte b : bytes) {
                line.write(b);
                if (b == '\n' || line.size() >= MAX_LINE) flush();
            }
        }

        @Override
        public synchronized void end() {
            flush();
        }

        private void flush() {
            if (line.size() == 0) return;
            out.text(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
