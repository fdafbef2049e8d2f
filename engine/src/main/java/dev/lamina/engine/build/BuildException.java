package dev.lamina.engine.build;

/** A build that cannot go on, for a reason its user can fix: the message goes to the client as the build's error. */
final class BuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** A step's process that failed: its exit status, which the stream's errorDetail carries as code. */
    final Integer code;

    BuildException(String message) {
        this(message, null);
    }

    BuildException(String message, Integer code) {
        super(message);
        this.code = code;
    }
}
