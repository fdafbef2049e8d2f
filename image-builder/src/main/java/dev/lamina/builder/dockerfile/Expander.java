package dev.lamina.builder.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * Expands a raw Dockerfile word as the builder's shell lexer does: quotes, the
 * escape character, {@code $VAR} and {@code ${VAR...}} forms. Unknown variables are "".
 */
public final class Expander {
    private Expander() {}

    /** One word: quotes removed, escapes and variables processed. */
    public static String word(String raw, Map<String, String> vars, char escape) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Several words: split at unquoted blanks (after expansion, as the lexer's ProcessWords). */
    public static List<String> words(String raw, Map<String, String> vars, char escape) {
        throw new UnsupportedOperationException("not yet");
    }
}
