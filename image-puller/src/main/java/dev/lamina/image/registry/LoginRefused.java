package dev.lamina.image.registry;

import dev.lamina.image.ImageException;

/** A registry, or its token service, turned a login down (`docker login` with a wrong password). */
public final class LoginRefused extends ImageException {
    private static final long serialVersionUID = 1L;

    public LoginRefused(String message) {
        super(message);
    }
}
