package dev.lamina.cli.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `lamina engine` started by a test on a data root of its own, and the real docker
 * CLI (or curl, for requests the CLI never makes) pointed at its socket.
 */
public final class EngineProcess implements AutoCloseable {
    /** The image built into Lamina: busybox, no registry needed. */
    public static final String IMAGE = "localhost/lamina/default";

    private final Process process;
    private final Path dataRoot;
    private final Path dockerConfig;

    private EngineProcess(Process process, Path dataRoot, Path dockerConfig) {
        this.process = process;
        this.dataRoot = dataRoot;
        this.dockerConfig = dockerConfig;
    }

    /** Starts an engine on {@code work}/data and waits until it answers. */
    public static EngineProcess start(Path work) throws IOException, InterruptedException {
        Path data = Files.createDirectories(work.resolve("data"));
        Path config = Files.createDirectories(work.resolve("docker-config"));
        ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "engine");
        pb.environment().put("LAMINA_DATA_ROOT", data.toString());
        pb.redirectErrorStream(true).redirectOutput(work.resolve("engine.log").toFile());
        EngineProcess e = new EngineProcess(pb.start(), data, config);
        for (int i = 0; i < 600; i++) {
            if (Files.exists(e.socket()) && e.docker("version").exitCode() == 0) return e;
            if (!e.process.isAlive()) break;
            Thread.sleep(100);
        }
        e.close();
        throw new AssertionError("the engine did not start: " + Files.readString(work.resolve("engine.log")));
    }

    public Path dataRoot() { return dataRoot; }

    public Path socket() { return dataRoot.resolve("run/engine.sock"); }

    /** The docker CLI against this engine. */
    public Command.Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of("DOCKER_HOST", "unix://" + socket(), "DOCKER_CONFIG", dockerConfig.toString()), null, 120);
    }

    /** The docker CLI, failing the test with its output unless it exits 0. */
    public Command.Result dockerOk(String... args) {
        Command.Result r = docker(args);
        if (r.exitCode() != 0) throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r);
        return r;
    }

    /**
     * A raw API call with curl: stdout is the body, and its last line the HTTP status
     * code. {@code body} (a file) is sent when not null.
     */
    public Command.Result curl(String method, String pathAndQuery, Path body) {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "--unix-socket", socket().toString(), "-w", "\n%{http_code}"));
        argv.addAll(method.equals("HEAD") ? List.of("-I") : List.of("-X", method)); // curl -X HEAD would wait for a body
        if (body != null) argv.addAll(List.of("-H", "Content-Type: application/x-tar", "--data-binary", "@" + body));
        argv.add("http://localhost" + pathAndQuery);
        return Command.run(argv, Map.of(), null, 120);
    }

    /** Stops the engine as a user would (SIGTERM), which stops its containers. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
