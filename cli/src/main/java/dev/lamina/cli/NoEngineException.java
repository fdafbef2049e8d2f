package dev.lamina.cli;

import java.nio.file.Path;

/** A command that works through the engine, and none runs on the data root. */
final class NoEngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoEngineException(Path dataRoot) {
        super("no engine runs on " + dataRoot + "; start one with `lamina engine`", null, false, false);
    }
}
