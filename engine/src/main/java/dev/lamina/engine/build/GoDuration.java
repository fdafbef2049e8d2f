package dev.lamina.engine.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration text (HEALTHCHECK's --interval=1m30s): numbers with units ns, us, ms, s, m, h; returns nanoseconds. */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    static long parse(String text, String flag) {
        if (text.equals("0")) return 0;
        Matcher m = PART.matcher(text);
        double nanos = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += Double.parseDouble(m.group(1)) * unit;
            at = m.end();
        }
        if (at == 0 || at != text.length() || nanos > Long.MAX_VALUE)
            throw new BuildException("invalid argument \"" + text + "\" for \"" + flag + "\" flag: time: invalid duration \"" + text + "\"");
        return (long) nanos;
    }
}
