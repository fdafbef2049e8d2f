package dev.lamina.engine.containers;

/** A duration as Go prints one (time.Duration's String: 1.5s, 2m0s, 1h0m0s, 250ms), which dockerd's messages carry. */
final class GoDuration {
    private GoDuration() {}

    static String of(long nanos) {
        if (nanos == 0) return "0s";
        if (nanos < 0) return "-" + of(-nanos);
        if (nanos < 1_000) return nanos + "ns";
        if (nanos < 1_000_000) return decimal(nanos, 1_000) + "µs";
        if (nanos < 1_000_000_000) return decimal(nanos, 1_000_000) + "ms";
        long hours = nanos / 3_600_000_000_000L, minutes = nanos / 60_000_000_000L % 60;
        String seconds = decimal(nanos % 60_000_000_000L, 1_000_000_000) + "s";
        return hours > 0 ? hours + "h" + minutes + "m" + seconds : minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    /** value / unit with its fraction's trailing zeros dropped. */
    private static String decimal(long value, long unit) {
        long fraction = value % unit;
        if (fraction == 0) return Long.toString(value / unit);
        String digits = Long.toString(unit + fraction).substring(1).replaceAll("0+$", "");
        return value / unit + "." + digits;
    }
}
