package dev.lamina.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts `lamina engine` in the background for the socket the app watches: its
 * data root is the socket's grandparent (DATA_ROOT/run/engine.sock). The engine
 * outlives the app, as a daemon does; its output goes to a log file.
 */
public final class EngineLauncher {
    private EngineLauncher() {}

    /** The engine's process and where its output goes. */
    public record Started(Process process, Path log) {}

    /** Starts it; the events connection notices when it answers. */
    public static Started start(Path launcher, Path socket) throws IOException {
        Path dataRoot = socket.toAbsolutePath().getParent().getParent();
        if (!socket.getFileName().toString().equals("engine.sock") || dataRoot == null)
            throw new IOException(socket + " is not a Lamina engine's socket (DATA_ROOT/run/engine.sock)");
        Path log = Files.createTempFile("lamina-engine-", ".log");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "engine");
        pb.environment().put("LAMINA_DATA_ROOT", dataRoot.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(new File("/dev/null"));
        return new Started(pb.start(), log);
    }
}
