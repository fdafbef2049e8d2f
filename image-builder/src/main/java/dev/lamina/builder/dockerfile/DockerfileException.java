package dev.lamina.builder.dockerfile;

/** A Dockerfile the classic builder would refuse; {@link #line()} 0 when no line is at fault. */
public final class DockerfileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    public DockerfileException(int line, String message) {
        super(line > 0 ? "Dockerfile parse error line " + line + ": " + message : message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
