package dev.lamina.kernel.net;

import dev.lamina.kernel.channel.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The names the kernel sends a named guest datagram socket's datagrams from, which the receiver's
 * init host shows as the sender's own name: paths in a directory of this JVM's own, made at first
 * use with a name no one can guess and mode 0700 (Protocol.DGRAM_SENDER and a random suffix), then
 * "COOKIE-N" (the guest socket's cookie, the number of a concurrent send); and those a guest's stream
 * socket bound by path connects from ({@link #boundClient}). Only this process's user
 * can bind there, and guests (Landlock) cannot; the abstract names used before could be bound by any
 * process of the host, which then sent to a container's socket as one of its named sockets.
 */
public final class DatagramSenders {
    private DatagramSenders() {}

    private static volatile String dir;

    /** The directory (made now if it is not yet), without a final slash; null when it cannot be made. */
    private static String dir() {
        String d = dir;
        if (d != null) return d;
        synchronized (DatagramSenders.class) {
            if (dir == null) {
                String prefix = Protocol.DGRAM_SENDER;
                int slash = prefix.lastIndexOf('/');
                try {
                    Path made = Files.createTempDirectory(Path.of(prefix.substring(0, slash)), prefix.substring(slash + 1));
                    made.toFile().deleteOnExit(); // empty by then: each name is unlinked after its send
                    dir = made.toString();
                } catch (IOException | UnsupportedOperationException e) {
                    return null; // datagrams then go unnamed, as when every sender name is held
                }
            }
            return dir;
        }
    }

    /**
     * Where a guest's socket bound by path connects from (SocketSyscalls's bound connect): the kernel's socket
     * of this inode that connects in its stead is bound at this path of the same directory ("bound-INODE",
     * unlinked at once, so no two live sockets want it), and shows the guest's name; null when there is no
     * directory.
     */
    public static String boundClient(long inode) {
        String d = dir();
        return d == null ? null : d + "/bound-" + inode;
    }

    /** The path a send from the guest socket of this cookie is made from, the n-th of concurrent ones; null when
     * there is no directory to make it in. */
    public static String name(long socket, int n) {
        String d = dir();
        return d == null ? null : d + "/" + socket + "-" + n;
    }

    /** The cookie of the guest socket a sender's path stands for, or -1 when it is not one of this directory's. */
    public static long socketOf(String shown) {
        String d = dir;
        if (d == null || !shown.startsWith(d + "/")) return -1;
        String rest = shown.substring(d.length() + 1);
        int dash = rest.indexOf('-');
        if (dash <= 0 || !rest.matches("[0-9]+-[0-9]+")) return -1;
        try {
            return Long.parseLong(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
