package dev.lamina.builder.context;

/** A build context refused (a hostile or oversized tar) or a COPY/ADD source not in it. */
public final class BuildContextException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BuildContextException(String message) {
        super(message);
    }

    public BuildContextException(String message, Throwable cause) {
        super(message, cause);
    }
}
