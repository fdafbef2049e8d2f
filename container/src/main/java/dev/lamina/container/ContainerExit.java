package dev.lamina.container;

import dev.lamina.kernel.InitHosts;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.syscalls.ExecResolver.ExecFailure;

/**
 * How a container ended, as Docker reports it: the first process's exit status, or
 * 128+N when signal N killed it; 126/127 (with a message) when its command could not
 * start, 125 when the working directory is wrong; 159 (128+SIGSYS) when strict mode
 * caught a syscall instruction outside musl+. {@code error} is null for a normal end.
 */
public record ContainerExit(int status, String error) {
    private static final int SIGSYS = 31;

    /** Runs the kernel's container to its end (the kernel stops every other process then). */
    public static ContainerExit run(Kernel kernel, InitHosts firstHost) {
        int waitStatus;
        try {
            waitStatus = kernel.run(firstHost);
        } catch (ExecFailure e) {
            return new ContainerExit(e.exitCode(), e.getMessage());
        }
        String violation = kernel.strictViolation();
        if (violation != null) return new ContainerExit(128 + SIGSYS, "strict mode: " + violation);
        return new ContainerExit(fromWaitStatus(waitStatus), null);
    }

    /** A wait(2) status as a shell shows it: the exit code, or 128 + the signal. */
    public static int fromWaitStatus(int waitStatus) {
        return Flags.exited(waitStatus) ? Flags.exitCode(waitStatus) : 128 + Flags.termSignal(waitStatus);
    }
}
