package dev.lamina.builder.dockerfile;

/**
 * A here-document of RUN, COPY or ADD: {@code name} is the delimiter word, {@code content}
 * its lines (each ending with a newline; with {@code <<-} leading tabs removed), and
 * {@code expand} false when the delimiter was quoted (no variable expansion).
 */
public record Heredoc(String name, String content, boolean expand) {}
