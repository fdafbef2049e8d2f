package dev.lamina.kernel;

/** A system call failing with a Linux errno: the guest gets -errno. Carries
 * no stack trace; it is an answer, not a bug. */
public final class LinuxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public LinuxError(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }

    public int errno() { return errno; }

    /** Throws for a negative host result, else returns it. */
    public static long check(long r) {
        if (r < 0 && r > -4096) throw new LinuxError((int) -r);
        return r;
    }
}
