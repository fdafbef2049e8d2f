package dev.lamina.kernel;

import java.util.List;

/**
 * What a container may do on the host by itself: guest code runs natively
 * and can make system calls without the kernel, so the first init host puts
 * the container under Landlock (lkl-linux/src/landlock.c). When {@code on},
 * the host file system (but for reading and executing Lamina's installation),
 * signals to host processes and the host's abstract unix sockets are closed;
 * TCP bind and connect are limited to the listed ports when a list is given,
 * and left open when it is null. On the host's network both are null (apk
 * connects out); with ports of the container's own the kernel makes every
 * bind, and {@link ContainerConfig#guestConfinement} allows guest code none.
 */
public record Confinement(boolean on, List<Integer> bindPorts, List<Integer> connectPorts) {
    /** Today's policy. */
    public static final Confinement HOST_NETWORK = new Confinement(true, null, null);

    public Confinement {
        bindPorts = ports(bindPorts);
        connectPorts = ports(connectPorts);
    }

    private static List<Integer> ports(List<Integer> ports) {
        if (ports == null) return null;
        if (ports.size() > 0xffff) throw new IllegalArgumentException("too many ports");
        for (int p : ports)
            if (p < 0 || p > 0xffff) throw new IllegalArgumentException("not a TCP port: " + p);
        return List.copyOf(ports);
    }

    /** {@code LAMINA_CONFINE=0} turns confinement off: for bench/run.sh's comparison only. */
    public static Confinement fromEnvironment() {
        return "0".equals(System.getenv("LAMINA_CONFINE")) ? new Confinement(false, null, null) : HOST_NETWORK;
    }
}
