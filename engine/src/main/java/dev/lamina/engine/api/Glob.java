package dev.lamina.engine.api;

import java.util.regex.Pattern;

/**
 * Go's path.Match, which moby's reference filters use: `*` any run of characters but
 * `/`, `?` one of them, `[...]` a class (`^` negates), `\` quotes the next one. A
 * malformed pattern matches nothing, as Go's error there hides every image.
 */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String name) {
        try {
            return Pattern.compile(regex(pattern)).matcher(name).matches();
        } catch (IllegalArgumentException e) { // PatternSyntaxException too
            return false;
        }
    }

    private static String regex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> out.append("[^/]*");
                case '?' -> out.append("[^/]");
                case '\\' -> {
                    if (++i == glob.length()) throw new IllegalArgumentException("trailing \\");
                    out.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) throw new IllegalArgumentException("unclosed [");
                    String body = glob.substring(i + 1, end);
                    boolean negated = body.startsWith("^");
                    if (negated) body = body.substring(1);
                    String set = "[" + body.replace("[", "\\[").replace("&", "\\&") + "]";
                    out.append(negated ? "(?:(?!" + set + ")[^/])" : set);
                    i = end;
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
