package dev.lamina.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile's text into {@link Node}s as moby's parser does: parser directives
 * at the top, comments, line continuations (comment and empty lines inside them
 * skipped), and the here-documents after RUN, COPY and ADD lines.
 */
final class Parser {
    private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$", Pattern.DOTALL);
    private static final ShellLexer.Mode RAW = new ShellLexer.Mode(true, true, true);
    private static final ShellLexer.Mode UNQUOTED = new ShellLexer.Mode(false, false, true);
    private static final ShellLexer.Mode QUOTED = new ShellLexer.Mode(true, false, true);

    record Result(List<Node> nodes, char escape) {}

    private final List<String> lines;
    private int next;
    private char escape = '\\';
    private Pattern continuation = continuationPattern('\\');
    private boolean directivesDone;
    private final List<String> directivesSeen = new ArrayList<>();

    private Parser(String text) {
        lines = physicalLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    static Result parse(String text) {
        Parser parser = new Parser(text);
        List<Node> nodes = parser.nodes();
        if (nodes.isEmpty()) {
            throw new DockerfileException(0, "file with no instructions");
        }
        return new Result(nodes, parser.escape);
    }

    /** Lines with their line endings, as Go's scanner with ScanLines-keeping-endings gives them. */
    private static List<String> physicalLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    private List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        while (next < lines.size()) {
            String first = processLine(lines.get(next), true);
            next++;
            int startLine = next;
            StringBuilder logical = new StringBuilder();
            boolean end = appendTrimmed(first, logical);
            if (end && logical.isEmpty()) {
                continue;
            }
            while (!end && next < lines.size()) {
                String raw = lines.get(next);
                String line = processLine(raw, false);
                next++;
                if (isComment(raw)) {
                    continue;
                }
                if (stripNewline(line).isBlank()) {
                    continue; // an empty continuation line (moby warns)
                }
                end = appendTrimmed(line, logical);
            }
            String text = logical.toString();
            Node node;
            try {
                node = NodeParser.parse(text, escape, startLine);
            } catch (NodeParser.LineError e) {
                throw new DockerfileException(startLine, e.getMessage());
            }
            if (node.takesHeredocs() && text.contains("<<")) {
                node = node.withHeredocs(readHeredocs(text, startLine), startLine);
            }
            nodes.add(node);
        }
        return nodes;
    }

    /** Appends a line without its continuation character; true when the instruction ends here. */
    private boolean appendTrimmed(String line, StringBuilder logical) {
        Matcher m = continuation.matcher(line);
        if (m.find()) {
            logical.append(line, 0, m.start()).append(m.group(1) == null ? "" : m.group(1));
            return false;
        }
        logical.append(line);
        return true;
    }

    private String processLine(String raw, boolean stripLeft) {
        String token = stripNewline(raw);
        if (stripLeft) {
            token = token.stripLeading();
        }
        directive(token);
        return isComment(token) ? "" : token;
    }

    private void directive(String token) {
        if (directivesDone) {
            return;
        }
        if (!token.startsWith("#")) {
            directivesDone = true;
            return;
        }
        Matcher m = DIRECTIVE.matcher(token.substring(1).stripLeading());
        String key = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "";
        if (!key.equals("escape") && !key.equals("syntax") && !key.equals("check")) {
            directivesDone = true;
            return;
        }
        if (directivesSeen.contains(key)) {
            throw new DockerfileException(next + 1, "only one " + key + " parser directive can be used");
        }
        directivesSeen.add(key);
        if (key.equals("escape")) {
            String value = m.group(2);
            if (!value.equals("`") && !value.equals("\\")) {
                throw new DockerfileException(next + 1,
                        "invalid escape token '" + value + "' does not match ` or \\");
            }
            escape = value.charAt(0);
            continuation = continuationPattern(escape);
        }
        // syntax= names a frontend image; check= configures lint rules: both ignored here
    }

    private static Pattern continuationPattern(char escape) {
        String e = Pattern.quote(String.valueOf(escape));
        String notE = escape == '\\' ? "[^\\\\]" : "[^" + escape + "]";
        return Pattern.compile("(" + notE + ")" + e + "[ \\t]*$|^" + e + "[ \\t]*$");
    }

    private static String stripNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    /** The here-documents named on {@code text}, each read up to its delimiter line. */
    private List<Heredoc> readHeredocs(String text, int startLine) {
        List<Heredoc> docs = new ArrayList<>();
        List<String> words;
        try {
            words = ShellLexer.process(text, Map.of(), '\\', RAW).words();
        } catch (DockerfileException e) {
            return List.of(); // moby ignores a line it cannot split here
        }
        for (String word : words) {
            Delimiter delimiter = delimiter(word);
            if (delimiter == null) {
                continue;
            }
            StringBuilder content = new StringBuilder();
            boolean terminated = false;
            while (next < lines.size()) {
                String line = lines.get(next++);
                String candidate = stripNewline(line);
                if (delimiter.chomp()) {
                    candidate = candidate.replaceFirst("^\\t+", "");
                }
                if (candidate.equals(delimiter.name())) {
                    terminated = true;
                    break;
                }
                content.append(line);
            }
            if (!terminated) {
                throw new DockerfileException(startLine, "unterminated heredoc");
            }
            String body = delimiter.chomp() ? content.toString().replaceAll("(?m)^\\t+", "") : content.toString();
            docs.add(new Heredoc(delimiter.name(), body, delimiter.expand()));
        }
        return List.copyOf(docs);
    }

    /** A {@code <<[-]WORD} delimiter: its name unquoted, whether tabs are chomped, whether the body expands. */
    record Delimiter(String name, boolean chomp, boolean expand) {}

    /** The delimiter a word names, or null when the word is not a here-document. */
    static Delimiter delimiter(String word) {
        Matcher m = HEREDOC.matcher(word);
        if (!m.matches() || m.group(3).isEmpty()) {
            return null;
        }
        String rest = m.group(3);
        List<String> unquoted;
        List<String> raw;
        try {
            unquoted = ShellLexer.process(rest, Map.of(), '\\', UNQUOTED).words();
            raw = ShellLexer.process(rest, Map.of(), '\\', QUOTED).words();
        } catch (DockerfileException e) {
            return null;
        }
        if (unquoted.size() != 1) {
            return null;
        }
        String name = unquoted.getFirst();
        // a quoted part anywhere in the delimiter turns expansion off, as in sh
        boolean expand = raw.size() == 1 && quotes(name) == quotes(raw.getFirst());
        return new Delimiter(name, m.group(2).equals("-"), expand);
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }
}
