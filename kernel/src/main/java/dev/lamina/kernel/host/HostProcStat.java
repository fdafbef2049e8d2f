package dev.lamina.kernel.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A host process's /proc/PID/stat, its fields by proc(5)'s numbers, read past the command name
 * (which may hold spaces and parentheses: its last ')' ends it). Readable by anyone, whatever the
 * process's dumpability.
 */
public final class HostProcStat {
    /** proc(5)'s field numbers: the command name is 2, so the fields read start at 3. */
    public static final int STATE = 3, SESSION = 6, TTY_NR = 7, STARTSTACK = 28;

    private final String[] fields;

    private HostProcStat(String[] fields) { this.fields = fields; }

    /** The process's stat; none when it is gone (or the file is not what proc(5) says). */
    public static Optional<HostProcStat> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 ? Optional.empty() : Optional.of(new HostProcStat(stat.substring(close + 2).trim().split(" ")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Field {@code n} (proc(5)'s number, 3 or more) as written. */
    public String field(int n) { return fields[n - STATE]; }

    /** Field {@code n} as a number (unsigned, as addresses are). */
    public long number(int n) { return Long.parseUnsignedLong(field(n)); }
}
