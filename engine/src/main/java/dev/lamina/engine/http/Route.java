package dev.lamina.engine.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method and a path template such as {@code /containers/{id}/json}; a
 * placeholder matches one path segment, or with {@code {name*}} the rest of
 * the path (image names hold slashes). {@code spooled} routes take a body
 * too large to hold in memory (tar archives), written to a file first.
 */
public record Route(String method, String template, Handler handler, boolean spooled, Pattern pattern, List<String> names) {
    /** What a route does with its exchange; it answers through the exchange before returning, or hands it on. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    public static Route of(String method, String template, Handler handler) {
        return compile(method, template, handler, false);
    }

    public static Route spooled(String method, String template, Handler handler) {
        return compile(method, template, handler, true);
    }

    private static Route compile(String method, String template, Handler handler, boolean spooled) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\\{(\\w+)(\\*?)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            names.add(m.group(1));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Route(method, template, handler, spooled, Pattern.compile(regex.toString()), List.copyOf(names));
    }

    /** The placeholders' values when {@code path} fits the template, else null. */
    Map<String, String> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) return null;
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < names.size(); i++) values.put(names.get(i), m.group(i + 1));
        return values;
    }
}
