package dev.lamina.cli;

import dev.lamina.engine.Engine;
import dev.lamina.engine.EngineException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `lamina engine`: the engine in the foreground, until SIGINT or SIGTERM. */
@Command(name = "engine", description = {"Run the engine (the Docker Engine API) in the foreground", "",
    "Serves the Docker Engine API on a unix socket under the data root, for the docker CLI, docker-java, "
            + "Testcontainers and the app. Containers run in this process; stopping it (Ctrl-C, SIGTERM) stops them: "
            + "their stop signal, then SIGKILL after their grace period."})
final class EngineCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = "--print-env", description = "print the DOCKER_HOST line for this data root and exit")
    private boolean printEnv;

    @Override
    public Integer call() throws IOException {
        Path socket = Engine.socket(DataRoot.path());
        if (printEnv) {
            System.out.println("export DOCKER_HOST=unix://" + socket.toAbsolutePath());
            return 0;
        }
        Engine engine;
        try {
            engine = Engine.start(DataRoot.path(), Path.of(System.getProperty("lamina.home", ".")), version());
        } catch (EngineException e) {
            System.err.println("lamina engine: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "lamina-engine-stop"));
        for (String w : engine.warnings()) System.err.println("lamina engine: warning: " + w);
        System.err.println("lamina engine: listening on unix://" + engine.socket().toAbsolutePath());
        System.err.println("lamina engine: export DOCKER_HOST=unix://" + engine.socket().toAbsolutePath());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String version() throws IOException {
        return new Version().getVersion()[0].replaceFirst("^lamina ", "");
    }
}
