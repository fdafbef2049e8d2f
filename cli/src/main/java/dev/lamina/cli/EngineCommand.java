package dev.lamina.cli;

import dev.lamina.engine.Engine;
import dev.lamina.engine.EngineException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** `lamina engine`: the engine in the foreground, until SIGINT or SIGTERM. */
final class EngineCommand {
    static final String HELP = """
            Usage: lamina engine [--print-env]

            Runs the engine in the foreground: the Docker Engine API on a unix socket
            under the data root, for the docker CLI, docker-java, Testcontainers and
            the app. Containers run in this process; stopping it (Ctrl-C, SIGTERM)
            stops them.

            Options:
              --print-env   print the DOCKER_HOST line for this data root and exit""";

    private EngineCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean printEnv = false;
        for (String a : args) {
            switch (a) {
                case "-h", "--help" -> { out.println(HELP); return 0; }
                case "--print-env" -> printEnv = true;
                default -> throw new Main.UsageError("unknown option " + a + " (see lamina engine --help)");
            }
        }
        Path socket = Engine.socket(DataRoot.path());
        if (printEnv) {
            out.println("export DOCKER_HOST=unix://" + socket.toAbsolutePath());
            return 0;
        }
        Engine engine;
        try {
            engine = Engine.start(DataRoot.path(), Path.of(System.getProperty("lamina.home", ".")), Version.text());
        } catch (EngineException e) {
            err.println("lamina engine: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "lamina-engine-stop"));
        err.println("lamina engine: listening on unix://" + engine.socket().toAbsolutePath());
        err.println("lamina engine: export DOCKER_HOST=unix://" + engine.socket().toAbsolutePath());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
