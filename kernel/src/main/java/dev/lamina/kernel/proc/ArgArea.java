package dev.lamina.kernel.proc;

/**
 * Where a process's argument strings lie in its memory (start to argEnd) and where the
 * environment's, just above them, end: Linux's arg_start, arg_end and env_end, which
 * /proc/PID/cmdline reads, so a program that retitles itself shows its new title.
 */
public record ArgArea(long start, long argEnd, long envEnd) {
    public ArgArea {
        if (start <= 0 || argEnd <= start || envEnd < argEnd) throw new IllegalArgumentException("argument area");
    }
}
