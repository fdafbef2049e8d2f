package dev.lamina.app;

/** An error answer from the engine to a call docker-java has no command for. */
public final class EngineRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public EngineRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
