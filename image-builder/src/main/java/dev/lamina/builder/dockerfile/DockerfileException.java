package dev.lamina.builder.dockerfile;

/**
 * A Dockerfile the builder refuses, or a word whose expansion fails; {@link #line()} is
 * 0 when no line is known. The message is moby's: "dockerfile parse error on line N: ...".
 */
public final class DockerfileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    public DockerfileException(int line, String message) {
        super(line > 0 ? "dockerfile parse error on line " + line + ": " + message : message);
        this.line = line;
        this.reason = message;
    }

    /** The message without its line: for instructions that are not a file's (commit's --change). */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }
}
