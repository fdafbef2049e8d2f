package dev.lamina.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The builder's shell lexer (buildkit's frontend/dockerfile/shell): quotes, the escape
 * character and variables, producing one word or the words split at unquoted blanks.
 * The parser also uses it with everything kept raw and unset variables left as written,
 * to find the here-document words of a line.
 */
final class ShellLexer {
    private static final int EOF = -1;

    /** What to keep as written: quotes and escapes (heredoc detection), unset variables. */
    record Mode(boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
        static final Mode EXPAND = new Mode(false, false, false);
    }

    record Result(String word, List<String> words) {}

    private final int[] in;
    private final Map<String, String> vars;
    private final int escape;
    private final Mode mode;
    private int pos;
    private boolean rawEscapes;

    private ShellLexer(String text, Map<String, String> vars, char escape, Mode mode) {
        this.in = text.codePoints().toArray();
        this.vars = vars;
        this.escape = escape;
        this.mode = mode;
        this.rawEscapes = mode.rawEscapes();
    }

    /** Processes {@code text}; a syntax error or {@code ${X:?}} is a {@link DockerfileException} (line 0). */
    static Result process(String text, Map<String, String> vars, char escape, Mode mode) {
        ShellLexer lexer = new ShellLexer(text, vars, escape, mode);
        try {
            return lexer.processUntil(EOF, mode.rawEscapes());
        } catch (LexError e) {
            throw new DockerfileException(0, "failed to process " + GoQuote.quote(text) + ": " + e.getMessage());
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] : EOF;
    }

    private int next() {
        return pos < in.length ? in[pos++] : EOF;
    }

    private Result processUntil(int stop, boolean escapesRaw) {
        boolean saved = rawEscapes;
        rawEscapes = escapesRaw;
        try {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return new Result(result.toString(), words.get());
                }
                switch (ch) {
                    case '$' -> {
                        String value = dollar();
                        result.append(value);
                        words.addString(value);
                    }
                    case '<' -> {
                        String value = possibleHeredoc();
                        result.append(value);
                        words.addRaw(value);
                    }
                    case '\'', '"' -> {
                        String value = ch == '\'' ? singleQuoted() : doubleQuoted();
                        result.append(value);
                        words.addRaw(value);
                    }
                    default -> {
                        ch = next();
                        if (ch == escape) {
                            if (rawEscapes) {
                                words.addRaw(ch);
                                result.appendCodePoint(ch);
                            }
                            ch = next();
                            if (ch == EOF) {
                                break; // an escape at the end is dropped
                            }
                            words.addRaw(ch);
                        } else {
                            words.add(ch);
                        }
                        result.appendCodePoint(ch);
                    }
                }
            }
            if (stop != EOF) {
                throw new LexError("unexpected end of statement while looking for matching " + Character.toString(stop));
            }
            return new Result(result.toString(), words.get());
        } finally {
            rawEscapes = saved;
        }
    }

    private String singleQuoted() {
        StringBuilder out = new StringBuilder();
        int quote = next();
        if (mode.rawQuotes()) {
            out.appendCodePoint(quote);
        }
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw new LexError("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (mode.rawQuotes()) {
                    out.appendCodePoint(ch);
                }
                return out.toString();
            }
            out.appendCodePoint(ch);
        }
    }

    /** Inside double quotes only $, the quote and the escape character itself can be escaped. */
    private String doubleQuoted() {
        StringBuilder out = new StringBuilder();
        int quote = next();
        if (mode.rawQuotes()) {
            out.appendCodePoint(quote);
        }
        while (true) {
            int ch = peek();
            if (ch == EOF) {
                throw new LexError("unexpected end of statement while looking for matching double-quote");
            } else if (ch == '"') {
                next();
                if (mode.rawQuotes()) {
                    out.appendCodePoint(ch);
                }
                return out.toString();
            } else if (ch == '$') {
                out.append(dollar());
            } else {
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        out.appendCodePoint(ch);
                    }
                    int following = peek();
                    if (following == EOF) {
                        continue;
                    }
                    if (following == '"' || following == '$' || following == escape) {
                        ch = next();
                    }
                }
                out.appendCodePoint(ch);
            }
        }
    }

    private String dollar() {
        next();
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) {
                return "$";
            }
            String value = vars.get(name);
            if (value == null && mode.skipUnset()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next();
        int first = peek();
        if (first == EOF) {
            throw new LexError("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new LexError("syntax error: bad substitution");
        }
        String name = name();
        int ch = next();
        String value = vars.get(name);
        boolean set = value != null;
        if (ch == '}') {
            if (!set && mode.skipUnset()) {
                return "${" + name + "}";
            }
            return set ? value : "";
        }
        if (ch == '/') {
            return replace(name, value);
        }
        boolean nullIsUnset = false;
        String modifier = ch == EOF ? "" : Character.toString(ch);
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            modifier += ch == EOF ? "" : Character.toString(ch);
        } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
            throw new LexError(ch == EOF ? "syntax error: missing '}'" : "unsupported modifier (" + modifier + ") in substitution");
        }
        boolean trim = ch == '#' || ch == '%';
        if (nullIsUnset && trim) {
            throw new LexError("unsupported modifier (" + modifier + ") in substitution");
        }
        String word = wordUntilBrace(trim);
        if (!set && mode.skipUnset()) {
            return "${" + name + modifier + word + "}";
        }
        boolean unset = !set || (nullIsUnset && value.isEmpty());
        return switch (ch) {
            case '-' -> unset ? word : value;
            case '+' -> unset ? "" : word;
            case '?' -> {
                if (!set) {
                    throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (unset) {
                    throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                yield value;
            }
            case '#', '%' -> {
                // #/% remove the shortest matching prefix/suffix, ##/%% the longest
                boolean longest = !word.isEmpty() && word.codePointAt(0) == ch;
                String pattern = longest ? word.substring(1) : word;
                yield trim(set ? value : "", pattern, ch == '#', longest);
            }
            default -> throw new LexError("unsupported modifier (" + modifier + ") in substitution");
        };
    }

    private String wordUntilBrace(boolean escapesRaw) {
        try {
            return processUntil('}', escapesRaw).word();
        } catch (LexError e) {
            if (peek() == EOF) {
                throw new LexError("syntax error: missing '}'");
            }
            throw e;
        }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
    private String replace(String name, String value) {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern;
        try {
            pattern = processUntil('/', true).word();
        } catch (LexError e) {
            throw peek() == EOF ? new LexError("syntax error: missing '/' in ${}") : e;
        }
        String replacement = wordUntilBrace(true);
        if (value == null && mode.skipUnset()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        String subject = value == null ? "" : value;
        var matcher = shellPattern(pattern, true).matcher(subject);
        String quoted = java.util.regex.Matcher.quoteReplacement(replacement);
        return all ? matcher.replaceAll(quoted) : matcher.replaceFirst(quoted);
    }

    private static String trim(String value, String pattern, boolean prefix, boolean longest) {
        Pattern whole = shellPattern(pattern, true);
        int n = value.length();
        for (int k = 0; k <= n; k++) {
            int len = longest ? n - k : k; // candidate lengths, in the order wanted
            String part = prefix ? value.substring(0, len) : value.substring(n - len);
            if (whole.matcher(part).matches()) {
                return prefix ? value.substring(len) : value.substring(0, n - len);
            }
        }
        return value;
    }

    /** A shell wildcard pattern ({@code *}, {@code ?}, backslash escapes; no brackets) as a regex. */
    private static Pattern shellPattern(String pattern, boolean greedy) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                re.append(greedy ? ".*" : ".*?");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '\\') {
                char following = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
                if (following == '}' || following == '/') {
                    continue; // escaped only for ${}, not part of the pattern
                }
                if (following != '*' && following != '?' && following != '\\') {
                    throw new LexError("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                            + (following == 0 ? "" : following) + "'");
                }
                re.append('\\').append(following);
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new LexError("invalid pattern (" + pattern + ") in substitution");
        }
    }

    /** A variable name: letters, digits, _; or all the digits of a positional parameter; or one special. */
    private String name() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                return Character.toString(next());
            }
            if (!Character.isLetterOrDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    /** {@code <<} keeps the blanks after it in the same word (a here-document's delimiter). */
    private String possibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder out = new StringBuilder("<<");
        while (peek() == ' ' || peek() == '\t' || peek() == '\r') {
            out.appendCodePoint(next());
        }
        return out.toString();
    }

    /** Words split at blanks that came from unquoted text or variable values. */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder buf = new StringBuilder();
        private boolean inWord;

        void add(int ch) {
            if (isSpace(ch)) {
                if (inWord && !buf.isEmpty()) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else {
                addRaw(ch);
            }
        }

        void addRaw(int ch) {
            buf.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::add);
        }

        void addRaw(String s) {
            buf.append(s);
            inWord = true;
        }

        List<String> get() {
            if (!buf.isEmpty()) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
            return List.copyOf(words);
        }
    }

    /** Go's unicode.IsSpace. */
    static boolean isSpace(int ch) {
        return switch (ch) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default -> ch > 0xFF && Character.isSpaceChar(ch);
        };
    }

    private static final class LexError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LexError(String message) {
            super(message, null, false, false);
        }
    }
}
