package dev.lamina.image;

/**
 * Something about an image, a registry or the store that the user has to hear about:
 * a bad name, a refused layer, a digest mismatch. The message is one line and says
 * which image and which layer; the CLI prints it without a stack trace.
 */
public class ImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message, null, false, false);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
