package dev.lamina.cli;

import dev.lamina.cli.client.EngineClient;
import dev.lamina.engine.Engine;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine of the data root, if one runs. Finding out is cheap (no socket
 * file: none; else a plain connect, as a dead engine's socket may be left), so
 * `lamina run` asks every time, and Netty is loaded only when one answers.
 */
final class RunningEngine {
    private RunningEngine() {}

    /** A client of {@code dataRoot}'s engine; null when none runs. */
    static EngineClient at(Path dataRoot) {
        return answers(Engine.socket(dataRoot)) ? EngineClient.of(Engine.socket(dataRoot)) : null;
    }

    /** Whether an engine answers on {@code socket}. */
    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) return false;
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A client of the data root's engine; a one-line failure when none runs. */
    static EngineClient client() {
        Path root = DataRoot.path();
        EngineClient client = at(root);
        if (client == null) throw new NoEngineException(root);
        return client;
    }
}
