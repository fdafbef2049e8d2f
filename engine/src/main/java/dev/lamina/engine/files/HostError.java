package dev.lamina.engine.files;

import dev.lamina.kernel.abi.Errno;
import java.io.IOException;

/** A host call on a container's files that failed: what was being done, and the errno in Go's words (Docker's clients show them). */
final class HostError extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int ENOSPC = 28, EDQUOT = 122;
    private final int errno;

    HostError(String what, long negativeErrno) {
        super(what + ": " + words((int) -negativeErrno), null);
        this.errno = (int) -negativeErrno;
    }

    int errno() { return errno; }

    /** The result of a host call, or this error when it is a negative errno. */
    static long check(long result, String what) throws HostError {
        if (result < 0) throw new HostError(what, result);
        return result;
    }

    private static String words(int errno) {
        return switch (errno) {
            case Errno.ENOENT -> "no such file or directory";
            case Errno.ENOTDIR -> "not a directory";
            case Errno.EISDIR -> "is a directory";
            case Errno.EEXIST -> "file exists";
            case Errno.ENOTEMPTY -> "directory not empty";
            case Errno.EACCES, Errno.EPERM -> "permission denied";
            case Errno.ELOOP -> "too many levels of symbolic links";
            case Errno.ENAMETOOLONG -> "file name too long";
            case Errno.EXDEV -> "invalid cross-device link";
            case Errno.EROFS -> "read-only file system";
            case ENOSPC -> "no space left on device";
            case EDQUOT -> "disk quota exceeded";
            default -> "errno " + errno;
        };
    }
}
