package dev.lamina.container;

/**
 * A container's spec that cannot run: a bad volume, environment entry, working
 * directory or host name, or no command at all. The message names what is wrong
 * in one line, for `lamina run` to print (status 2) and the engine to answer with 400.
 */
public final class ContainerSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ContainerSpecException(String message) {
        super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a refusal of what the user asked for, not a fault to trace
    }
}
