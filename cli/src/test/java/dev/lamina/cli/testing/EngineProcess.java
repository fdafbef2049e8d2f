package dev.lamina.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `lamina engine` started as a daemon on a data root of a test's own, and the
 * real docker CLI pointed at it. Stopped with SIGTERM (or killed, to test what
 * survives a SIGKILL).
 */
public final class EngineProcess implements AutoCloseable {
    /** The image built into Lamina: busybox, no registry needed. */
    public static final String IMAGE = "localhost/lamina/default";

    private final Path dataRoot;
    private final Path log;
    private Process process;

    private final Map<String, String> extraEnv;
    /** How `lamina engine` is started. */
    private final List<String> command;

    private EngineProcess(Path dataRoot, Map<String, String> extraEnv, List<String> command) {
        this.dataRoot = dataRoot;
        this.log = dataRoot.resolveSibling(dataRoot.getFileName() + "-engine.log");
        this.extraEnv = extraEnv;
        this.command = command;
    }

    public static EngineProcess start(Path dataRoot) {
        return start(dataRoot, Map.of());
    }

    /** An engine with more in its environment (LAMINA_CONFINE=0, say). */
    public static EngineProcess start(Path dataRoot, Map<String, String> env) {
        return start(dataRoot, env, List.of(Repo.launcher().toString(), "engine"));
    }

    /** An engine started by {@code command} (`lamina engine` as another user, say: {@link Nobody#command}). */
    public static EngineProcess start(Path dataRoot, Map<String, String> env, List<String> command) {
        EngineProcess e = new EngineProcess(dataRoot, env, command);
        e.launch();
        return e;
    }

    private void launch() {
        try {
            Files.createDirectories(dataRoot);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("LAMINA_DATA_ROOT", dataRoot.toString());
            // The engine's own registry logins: none but what clients send (not the machine's, nor the CLI's).
            pb.environment().put("DOCKER_CONFIG", dataRoot.resolveSibling("engine-docker-config").toString());
            pb.environment().putAll(extraEnv);
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!answers()) {
                if (!process.isAlive()) throw new AssertionError("the engine exited: " + Files.readString(log));
                if (System.nanoTime() > deadline) throw new AssertionError("the engine did not listen in 30 s: " + Files.readString(log));
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean answers() {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() { return dataRoot.resolve("run/engine.sock"); }

    public Path dataRoot() { return dataRoot; }

    public String dockerHost() { return "unix://" + socket(); }

    public Process process() { return process; }

    /** What the engine printed so far (for failure messages), and how it ended if it has: a signal
     * (143 SIGTERM, 137 SIGKILL) ends it without a word, and the socket goes with a SIGTERM. */
    public String log() {
        String printed;
        try {
            printed = Files.readString(log);
        } catch (IOException e) {
            printed = "(no log: " + e.getMessage() + ")";
        }
        if (process == null) return printed;
        return printed + (process.isAlive() ? "(the engine runs; its socket " + (Files.exists(socket()) ? "exists" : "is gone") + ")\n"
                : "(the engine has exited: status " + process.exitValue() + ")\n");
    }

    /** The docker CLI with DOCKER_HOST pointed here. */
    public Command.Result docker(String... args) {
        return docker(120, args);
    }

    public Command.Result docker(long timeoutSeconds, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return Command.run(argv, env(), null, timeoutSeconds);
    }

    /** Fails with the command's output and the engine's log unless docker exited 0. */
    public Command.Result dockerOk(String... args) {
        Command.Result r = docker(args);
        if (r.exitCode() != 0) throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r + "\n--- engine\n" + log());
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

    public Map<String, String> env() {
        return Map.of("DOCKER_HOST", dockerHost(), "DOCKER_CONFIG", dataRoot.resolveSibling("docker-config").toString());
    }

    /** Kills the engine with SIGKILL, as a crash would, and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the engine again on the same data root, stopping it first if it still runs. */
    public void restart() {
        close();
        launch();
    }

    /** Stops the engine with SIGTERM (it stops its containers) and waits. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
