package dev.lamina.app;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app's one ObjectMapper, made at its first use: made when Docker was first
 * named, it cost the window a tenth of a second on the JavaFX thread.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
