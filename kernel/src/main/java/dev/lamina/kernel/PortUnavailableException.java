package dev.lamina.kernel;

/** A published port the host would not give the container (taken, or below 1024 for a user
 * without the right): the container does not start. The message is one line for the user. */
public final class PortUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PortPlan.Published published;

    public PortUnavailableException(PortPlan.Published published, String where, int errno) {
        super("cannot publish " + published.guestName() + " at " + where + ": " + reason(errno), null, false, false);
        this.published = published;
    }

    private static String reason(int errno) {
        return switch (errno) {
            case dev.lamina.kernel.abi.Errno.EADDRINUSE -> "the port is in use";
            case dev.lamina.kernel.abi.Errno.EACCES -> "a port below 1024 needs root (or CAP_NET_BIND_SERVICE)";
            case dev.lamina.kernel.abi.Errno.EADDRNOTAVAIL -> "the host has no such address";
            default -> "error " + errno;
        };
    }

    /** The mapping that could not be had. */
    public PortPlan.Published published() { return published; }
}
