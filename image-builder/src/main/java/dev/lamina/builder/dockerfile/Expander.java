package dev.lamina.builder.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * Expands a raw Dockerfile word as the builder's shell lexer does: quotes, the escape
 * character, {@code $VAR} and the {@code ${VAR...}} forms ({@code :-}, {@code -},
 * {@code :+}, {@code +}, {@code :?}, {@code ?}, {@code #}, {@code ##}, {@code %},
 * {@code %%}, {@code /}, {@code //}). Unknown variables are "". A syntax error or an
 * unset {@code ${VAR:?}} throws {@link DockerfileException} with line 0 (the caller knows it).
 */
public final class Expander {
    private Expander() {}

    /** One word: quotes removed, escapes and variables processed, blanks kept. */
    public static String word(String raw, Map<String, String> vars, char escape) {
        return ShellLexer.process(raw, vars, escape, ShellLexer.Mode.EXPAND).word();
    }

    /** Several words: split at unquoted blanks, after expansion (a variable's blanks split too). */
    public static List<String> words(String raw, Map<String, String> vars, char escape) {
        return ShellLexer.process(raw, vars, escape, ShellLexer.Mode.EXPAND).words();
    }
}
