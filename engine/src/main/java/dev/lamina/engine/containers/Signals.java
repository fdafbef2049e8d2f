package dev.lamina.engine.containers;

import dev.lamina.engine.http.ApiException;
import java.util.List;
import java.util.Locale;

/** Signal names as Docker takes them ("SIGTERM", "TERM", "15"), as Linux numbers them on x86-64. */
public final class Signals {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private Signals() {}

    /** The signal's number; a 400 "Invalid signal: ..." as Docker says it for a name it does not know. */
    public static int parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) t = t.substring(3);
        if (t.matches("\\d{1,2}")) {
            int n = Integer.parseInt(t);
            if (n >= 1 && n <= 64) return n;
        }
        if (t.startsWith("RTMIN")) return rt(t.substring(5), 34);
        if (t.startsWith("RTMAX")) return rt(t.substring(5), 64);
        int i = NAMES.indexOf(t);
        if (i > 0) return i;
        throw ApiException.badRequest("Invalid signal: " + text);
    }

    private static int rt(String offset, int base) {
        if (offset.isEmpty()) return base;
        try {
            int n = base + Integer.parseInt(offset);
            if (n >= 34 && n <= 64) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("Invalid signal: SIGRT" + offset);
    }
}
