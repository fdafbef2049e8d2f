package dev.lamina.kernel.net;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.host.HostCalls;

/**
 * The guest's AF_UNIX datagram socket a request names by the descriptor sent with it. The kernel's
 * tables of these sockets (peers, names) are keyed by the socket's inode, so the descriptor must be
 * such a socket: any other file with that inode number (a memfd, whose numbers a guest can cycle
 * through in a second) would stand for another user's socket.
 */
public final class DatagramSockets {
    private DatagramSockets() {}

    /** The inode of the AF_UNIX datagram socket fd, or -errno: ENOTSOCK for no socket, EINVAL for another kind. */
    public static long inode(HostCalls h, int fd) {
        try {
            GuestSocket s = GuestSocket.of(h, fd);
            return s.domain() == Flags.AF_UNIX && s.type() == Flags.SOCK_DGRAM ? s.inode() : -Errno.EINVAL;
        } catch (LinuxError e) {
            return -e.errno();
        }
    }
}
