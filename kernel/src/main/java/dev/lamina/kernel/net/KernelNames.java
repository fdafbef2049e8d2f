package dev.lamina.kernel.net;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The abstract names the kernel binds its own sockets at (the answering ends of NETLINK_ROUTE and ICMP echo
 * sockets). Abstract names are the host's, and guest code may bind any its socket pairs' ends can take: a name
 * it could guess (the JVM's pid and a count, until review 43) it could hold first, and the kernel's bind for
 * another container would fail. A random part makes them unguessable.
 */
final class KernelNames {
    private static final AtomicLong COUNT = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KernelNames() {}

    /** A new name, {@code prefix} first (by which the init host knows the kernel's sockets). */
    static byte[] next(String prefix) {
        return (prefix + ProcessHandle.current().pid() + ":" + COUNT.incrementAndGet() + ":" + Long.toHexString(RANDOM.nextLong()))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
