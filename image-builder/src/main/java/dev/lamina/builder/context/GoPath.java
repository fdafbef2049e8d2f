package dev.lamina.builder.context;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Go's path/filepath Clean and Match for "/"-separated names, which docker's rules are written in. */
public final class GoPath {
    private GoPath() {}

    /** filepath.Clean: no "." or empty elements, ".." resolved lexically, no trailing "/"; "" is ".". */
    public static String clean(String path) {
        boolean rooted = path.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        for (String element : path.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.addLast("..");
                }
                continue;
            }
            out.addLast(element);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Whether a name has glob characters (an escaped one does not count), as moby's containsWildcards. */
    static boolean hasWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** Go's path.Match: whether {@code name} matches {@code pattern}; a malformed pattern matches nothing (Go's error). */
    public static boolean matches(String pattern, String name) {
        try {
            return glob(pattern).matcher(name).matches();
        } catch (IllegalArgumentException bad) {
            return false;
        }
    }

    /**
     * filepath.Match's pattern as a regex: {@code *} and {@code ?} stop at "/", {@code [...]}
     * with {@code ^} negation and ranges, backslash escapes. A malformed pattern throws
     * IllegalArgumentException ("syntax error in pattern", Go's ErrBadPattern).
     */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i++);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i == n) {
                        throw bad();
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i++))));
                }
                case '[' -> i = charClass(pattern, i, re);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw bad();
        }
    }

    /** A {@code [...]} class starting after its "["; returns the index after its "]". */
    private static int charClass(String pattern, int i, StringBuilder re) {
        int n = pattern.length();
        boolean negated = i < n && pattern.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder ranges = new StringBuilder();
        boolean first = true;
        while (true) {
            if (i >= n) {
                throw bad();
            }
            char c = pattern.charAt(i);
            if (c == ']' && !first) {
                i++;
                break;
            }
            first = false;
            char lo = c;
            i++;
            if (lo == '\\') {
                if (i >= n) {
                    throw bad();
                }
                lo = pattern.charAt(i++);
            }
            ranges.append(escapeInClass(lo));
            if (i + 1 < n && pattern.charAt(i) == '-' && pattern.charAt(i + 1) != ']') {
                char hi = pattern.charAt(i + 1);
                i += 2;
                if (hi == '\\') {
                    if (i >= n) {
                        throw bad();
                    }
                    hi = pattern.charAt(i++);
                }
                if (hi < lo) {
                    throw bad();
                }
                ranges.append('-').append(escapeInClass(hi));
            }
        }
        // a class never matches "/", as in Go
        re.append(negated ? "[^/" + ranges + "]" : "(?:(?!/)[" + ranges + "])");
        return i;
    }

    private static String escapeInClass(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    private static IllegalArgumentException bad() {
        return new IllegalArgumentException("syntax error in pattern");
    }
}
