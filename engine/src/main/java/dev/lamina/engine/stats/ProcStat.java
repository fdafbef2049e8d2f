package dev.lamina.engine.stats;

/**
 * One host process as /proc/PID/stat shows it (proc(5)): times in clock ticks,
 * {@code rssPages} in pages, {@code vsize} in bytes, {@code startTime} in ticks after boot.
 */
record ProcStat(int pid, String comm, char state, int ppid, int ttyNr, long utime, long stime, long cutime, long cstime,
                int threads, long startTime, long vsize, long rssPages) {
    /** Parses a stat line; null when it is not one (the process went while it was read). */
    static ProcStat parse(int pid, String line) {
        int open = line.indexOf('('), close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > line.length()) return null;
        String[] f = line.substring(close + 2).trim().split(" ");
        if (f.length < 22) return null;
        try {
            return new ProcStat(pid, line.substring(open + 1, close), f[0].charAt(0), Integer.parseInt(f[1]),
                    Integer.parseInt(f[4]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Integer.parseInt(f[17]), Long.parseLong(f[19]), Long.parseLong(f[20]),
                    Long.parseLong(f[21]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** CPU time of the process and of the children it has reaped. */
    long ticks() { return utime + stime + cutime + cstime; }
}
