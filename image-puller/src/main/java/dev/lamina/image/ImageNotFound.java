package dev.lamina.image;

/**
 * The registry has no such image, or none for this platform, or will not say which
 * (access denied): what Docker's API answers with 404, where a registry it cannot
 * reach or a broken answer is 500.
 */
public final class ImageNotFound extends ImageException {
    private static final long serialVersionUID = 1L;

    public ImageNotFound(String message) {
        super(message);
    }
}
