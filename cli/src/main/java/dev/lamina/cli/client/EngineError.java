package dev.lamina.cli.client;

/** An error answer of the engine: its status and its message (Docker's {"message": ...}). */
public final class EngineError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    EngineError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
