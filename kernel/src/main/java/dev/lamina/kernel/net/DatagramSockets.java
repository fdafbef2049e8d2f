package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.host.HostCalls;

/**
 * The guest's AF_UNIX datagram socket a request names by the descriptor sent with it, known by its
 * cookie, which the host never gives another socket. The kernel's tables of these sockets (peers,
 * names) were keyed by inode number, which any file has: a guest of another user that cycled a memfd
 * to the number of root's socket (a second's work) stood for it; and socket inode numbers wrap.
 */
public final class DatagramSockets {
    private DatagramSockets() {}

    /** The cookie of the AF_UNIX datagram socket fd, or -errno: ENOTSOCK for no socket, EINVAL for another kind. */
    public static long cookie(HostCalls h, int fd) {
        try {
            GuestSocket s = GuestSocket.of(h, fd);
            return s.domain() == Flags.AF_UNIX && s.type() == Flags.SOCK_DGRAM ? GuestSocket.cookie(h, fd) : -Errno.EINVAL;
        } catch (LinuxError e) {
            return -e.errno();
        }
    }
}
