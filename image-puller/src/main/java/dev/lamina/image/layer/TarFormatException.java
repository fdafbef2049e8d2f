package dev.lamina.image.layer;

import dev.lamina.image.ImageException;

/** A layer whose tar stream is malformed or unsafe; the message names the entry. */
public final class TarFormatException extends ImageException {
    private static final long serialVersionUID = 1L;

    public TarFormatException(String message) {
        super(message);
    }
}
