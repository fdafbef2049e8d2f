package dev.lamina.builder.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A .dockerignore's rules (moby's ignorefile and patternmatcher): "#" comment lines,
 * patterns cleaned as Go's filepath.Clean with a leading "/" dropped, "**" for any
 * number of directories, "!" re-including; the last rule that matches a path or one
 * of its parent directories wins.
 */
public final class DockerIgnore {
    /**
     * One rule: its regex, or for a pattern that is "**" then plain text the suffix
     * patternmatcher compares instead (so "**foo" also matches "barfoo"), and whether it re-includes.
     */
    private record Rule(Pattern regex, String suffix, boolean exclusion) {
        boolean matches(String path) {
            if (suffix != null) {
                return path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            return regex.matcher(path).matches();
        }
    }

    static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** Parses a .dockerignore; a malformed pattern is a {@link BuildContextException}. */
    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exclusion = pattern.charAt(0) == '!';
            if (exclusion) {
                pattern = pattern.substring(1).strip();
                if (pattern.isEmpty()) {
                    throw new BuildContextException("illegal exclusion pattern: \"!\"");
                }
            }
            pattern = GoPath.clean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
            try {
                GoPath.glob(pattern);
            } catch (IllegalArgumentException e) {
                throw new BuildContextException("invalid .dockerignore pattern \"" + pattern + "\": " + e.getMessage());
            }
            boolean suffixOnly = pattern.startsWith("**") && !pattern.substring(2).matches(".*[*?\\[\\]\\\\].*");
            rules.add(new Rule(compile(pattern), suffixOnly ? pattern.substring(2) : null, exclusion));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether a "/"-separated path relative to the context root is excluded (never the root itself). */
    public boolean excluded(String relPath) {
        String file = GoPath.clean(relPath.startsWith("/") ? relPath.substring(1) : relPath);
        if (file.equals(".") || rules.isEmpty()) {
            return false;
        }
        String[] parents = file.contains("/") ? file.substring(0, file.lastIndexOf('/')).split("/") : new String[0];
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exclusion() != matched) {
                continue; // an exclusion only matters once excluded, an exclude only when not
            }
            boolean match = rule.matches(file);
            for (int i = 1; !match && i <= parents.length; i++) {
                match = rule.matches(String.join("/", java.util.Arrays.copyOf(parents, i)));
            }
            if (match) {
                matched = !rule.exclusion();
            }
        }
        return matched;
    }

    /** patternmatcher's regex: "**" any directories, "*" and "?" within one, "[...]" and "\\x" kept. */
    private static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    re.append(i + 1 == n ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (".+()|{}$".indexOf(ch) >= 0) {
                re.append('\\').append(ch);
            } else if (ch == '\\') {
                re.append(i + 1 < n ? "\\" + pattern.charAt(++i) : "\\\\");
            } else {
                re.append(ch);
            }
        }
        return Pattern.compile(re.append('$').toString(), Pattern.DOTALL);
    }
}
