package dev.lamina.engine.http;

/** A request the engine refuses: Docker's status code and the message clients show ({"message": ...}). */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }

    public static ApiException badRequest(String message) { return new ApiException(400, message); }

    public static ApiException notFound(String message) { return new ApiException(404, message); }

    public static ApiException conflict(String message) { return new ApiException(409, message); }

    public static ApiException notImplemented(String message) { return new ApiException(501, message); }
}
