package dev.lamina.engine.containers;

import dev.lamina.container.ContainerSpecException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a container's log file rotates (`--log-opt max-size`, `max-file`): past maxSize bytes
 * (negative: never) the file becomes FILE.1, FILE.1 becomes FILE.2, and so on, keeping
 * maxFiles files in all (one: the file starts again empty).
 */
public record LogRotation(long maxSize, int maxFiles) {
    /** Lamina's own when no option is given: a chatty container keeps at most about 40 MiB. */
    public static final LogRotation DEFAULT = new LogRotation(20L << 20, 2);

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(?:i?b)?");

    /** A size as json-file reads one (go-units' FromHumanSize): a number, perhaps with k, m, g, t or p (powers of
     * 1000), and b or ib after. */
    static long size(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("-1")) return -1;
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) throw new ContainerSpecException("invalid size: '" + text + "'");
        int power = "kmgtp".indexOf(m.group(2)) + 1;
        long bytes = (long) (Double.parseDouble(m.group(1)) * Math.pow(1000, power));
        if (bytes <= 0) throw new ContainerSpecException("max-size must be a positive number: '" + text + "'");
        return bytes;
    }
}
