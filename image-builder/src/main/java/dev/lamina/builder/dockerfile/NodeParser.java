package dev.lamina.builder.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Splits a logical line into a {@link Node} by its keyword's rules (moby's line parsers). */
final class NodeParser {
    private NodeParser() {}

    private static final Pattern BLANKS = Pattern.compile("[\\t\\x0B\\f\\r ]+");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Thrown for a line moby's parser refuses; the caller adds the line number. */
    static final class LineError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineError(String message) {
            super(message, null, false, false);
        }
    }

    private record Args(List<String> args, boolean json) {
        static final Args NONE = new Args(List.of(), false);
    }

    static Node parse(String line, char escape, int lineNumber) {
        String[] cmdline = BLANKS.split(line.strip(), 2);
        String keyword = cmdline[0];
        List<String> flags = new ArrayList<>();
        String rest = cmdline.length == 2 ? extractFlags(cmdline[1], escape, flags).strip() : "";
        Node child = null;
        Args args = switch (keyword.toLowerCase(Locale.ROOT)) {
            case "run", "cmd", "entrypoint", "shell" -> maybeJson(rest);
            case "add", "copy", "volume" -> maybeJsonList(rest);
            case "expose", "from" -> new Args(blankSeparated(rest), false);
            case "maintainer", "stopsignal", "user", "workdir" -> rest.isEmpty() ? Args.NONE : new Args(List.of(rest), false);
            case "env" -> new Args(nameValues(rest, "ENV", escape), false);
            case "label" -> new Args(nameValues(rest, "LABEL", escape), false);
            case "arg" -> new Args(words(rest, escape), false);
            case "healthcheck" -> healthcheck(rest);
            case "onbuild" -> {
                child = rest.isEmpty() ? null : parse(rest, escape, lineNumber);
                yield Args.NONE;
            }
            default -> Args.NONE; // an unknown instruction is refused when typed, as moby does
        };
        return new Node(keyword, List.copyOf(flags), args.args(), args.json(), line, child, List.of(), lineNumber);
    }

    /** Leading --flags (quotes and escapes processed) go to {@code flags}; returns the rest. */
    static String extractFlags(String line, char escape, List<String> flags) {
        int pos = 0;
        int n = line.length();
        while (true) {
            while (pos < n && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos == n) {
                return "";
            }
            if (!line.startsWith("--", pos)) {
                return line.substring(pos);
            }
            StringBuilder word = new StringBuilder();
            boolean blankOk = false;
            char quote = 0;
            for (; pos < n; pos++) {
                char ch = line.charAt(pos);
                if (quote == 0 && Character.isWhitespace(ch)) {
                    break;
                }
                if (quote == 0 && (ch == '\'' || ch == '"')) {
                    quote = ch;
                    blankOk = true;
                    continue;
                }
                if (quote != 0 && ch == quote) {
                    quote = 0;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue; // an escape at the end is dropped
                    }
                    ch = line.charAt(++pos);
                }
                word.append(ch);
            }
            String flag = word.toString();
            if (flag.equals("--")) {
                return line.substring(pos); // "--" ends the flags
            }
            if (blankOk || !flag.isEmpty()) {
                flags.add(flag);
            }
        }
    }

    private static Args maybeJson(String rest) {
        if (rest.isEmpty()) {
            return Args.NONE;
        }
        List<String> json = json(rest);
        return json != null ? new Args(json, true) : new Args(List.of(rest), false);
    }

    private static Args maybeJsonList(String rest) {
        List<String> json = json(rest);
        return json != null ? new Args(json, true) : new Args(blankSeparated(rest), false);
    }

    /** The strings of a JSON array, or null when {@code rest} is not one (then it is shell form). */
    private static List<String> json(String rest) {
        String text = rest.stripLeading();
        if (!text.startsWith("[")) {
            return null;
        }
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                throw new LineError("when using JSON array syntax, arrays must be comprised of strings only");
            }
            out.add(element.textValue());
        }
        return out;
    }

    static List<String> blankSeparated(String rest) {
        return rest.isEmpty() ? List.of() : List.of(BLANKS.split(rest));
    }

    /** {@code HEALTHCHECK TYPE rest}: the type, then the command's arguments. */
    private static Args healthcheck(String rest) {
        int sep = 0;
        while (sep < rest.length() && !Character.isWhitespace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Args.NONE;
        }
        Args command = maybeJson(rest.substring(sep).strip());
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        args.addAll(command.args());
        return new Args(args, command.json());
    }

    /**
     * ENV and LABEL: {@code key value} (old form, when the first word has no "=") or
     * {@code key=value ...}; words keep their quotes and escapes for expansion.
     */
    private static List<String> nameValues(String rest, String keyword, char escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!words.getFirst().contains("=")) {
            String[] parts = BLANKS.split(rest, 2);
            if (parts.length < 2) {
                throw new LineError(keyword + " must have two arguments");
            }
            return List.of(parts[0], parts[1], "");
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new LineError("Syntax error - can't find = in " + GoQuote.quote(word)
                        + ". Must be of the form: name=value");
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
            out.add("=");
        }
        return out;
    }

    /**
     * Blank-separated words respecting quotes; quotes and escapes are kept (expansion
     * removes them), an escape at the very end is dropped.
     */
    static List<String> words(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        int[] cps = rest.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int ch = cps[i];
            boolean last = i + 1 == cps.length;
            if (quote == 0) {
                if (ShellLexer.isSpace(ch)) {
                    if (inWord && (blankOk || !word.isEmpty())) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                inWord = true;
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                } else if (ch == escape) {
                    if (last) {
                        continue;
                    }
                    word.appendCodePoint(ch);
                    ch = cps[++i];
                }
            } else if (ch == quote) {
                quote = 0;
            } else if (ch == escape && quote != '\'') {
                if (last) {
                    quote = 0;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = cps[++i];
            }
            word.appendCodePoint(ch);
        }
        if (inWord && (blankOk || !word.isEmpty())) {
            words.add(word.toString());
        }
        return words;
    }
}
