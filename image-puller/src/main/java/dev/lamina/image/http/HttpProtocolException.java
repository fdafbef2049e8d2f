package dev.lamina.image.http;

import java.io.IOException;

/** The server's answer is not well-formed HTTP/1.1. */
public final class HttpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public HttpProtocolException(String message) {
        super(message);
    }
}
