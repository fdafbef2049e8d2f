package dev.lamina.image.json;

/** A document that is not JSON, or not the JSON a reader expected. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message, null, false, false);
    }
}
