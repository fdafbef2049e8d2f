package dev.lamina.cli.testing;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** The differences the Lamina-versus-native comparison forgives: pids,
 * times, and the figures that count processes or moment-to-moment load. */
public final class Normalize {
    private Normalize() {}

    private static final Pattern LS_TIME = Pattern.compile(
            "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \\d]\\d ( \\d{4}|\\d\\d:\\d\\d)");
    private static final Pattern DATE = Pattern.compile(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\w+ \\d{4}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    public static final UnaryOperator<String> NONE = s -> s;

    /** ls -l times. */
    public static final UnaryOperator<String> LS_TIMES = s -> LS_TIME.matcher(s).replaceAll("<time>");

    /** `date` output. */
    public static final UnaryOperator<String> DATES = s -> DATE.matcher(s).replaceAll("<date>");

    /** ls -la / : times, and the link counts of /proc (it counts processes) and /sys (its directories are those Lamina mirrors). */
    public static final UnaryOperator<String> LS_ROOT = s -> LS_TIMES.apply(s)
            .replaceAll("(?m)^(dr-xr-xr-x)\\s+\\d+(\\s+root\\s+root\\s+0 <time> proc)$", "$1 N$2")
            .replaceAll("(?m)^(drwxr-xr-x)\\s+\\d+(\\s+root\\s+root\\s+\\d+ <time> sys)$", "$1 N$2");

    /** ps: pids and cpu times. */
    public static final UnaryOperator<String> PS = s -> NUMBER.matcher(s).replaceAll("N");

    /** top -b: every figure (memory, load, cpu, pids) changes from one moment to the next. */
    public static final UnaryOperator<String> TOP = s -> NUMBER.matcher(s).replaceAll("N")
            .replaceAll("N\\.N", "N").replaceAll(" +", " ");
}
