package dev.lamina.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Sizes and times as the docker CLI shows them. */
public final class Formats {
    private Formats() {}

    /** 1000-based, as docker's sizes: "7.8 MB". */
    public static String size(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /**
     * "3 minutes ago", from seconds since the epoch; "just now" for the first minute, so that a live
     * table's ages change once a minute, not each second.
     */
    public static String ago(long epochSecond, Instant now) {
        if (epochSecond <= 0) return "";
        long s = Math.max(0, Duration.between(Instant.ofEpochSecond(epochSecond), now).toSeconds());
        if (s < 60) return "just now";
        if (s < 3600) return plural(s / 60, "minute");
        if (s < 86400) return plural(s / 3600, "hour");
        return plural(s / 86400, "day");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }

    /** The first 12 hex digits of an id, without "sha256:". */
    public static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
