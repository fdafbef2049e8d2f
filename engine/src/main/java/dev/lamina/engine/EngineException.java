package dev.lamina.engine;

/** The engine cannot start, for a reason the user can act on (the message says which). */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message, null, false, false);
    }
}
