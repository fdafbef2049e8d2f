package dev.lamina.kernel.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's TCP connections as /proc/net/tcp and tcp6 list them (Linux hosts): whether
 * one has a given local port, which is what may keep a published port from a plain bind
 * besides a socket listening or bound there. Sockets bound and not listening are not listed.
 */
final class HostConnections {
    private static final List<Path> FILES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** /proc/net/tcp's state column's value for a listening socket. */
    private static final String LISTEN = "0A";

    private HostConnections() {}

    /** Whether a connection (a socket in any state but listening) has local port {@code port} on the host. */
    static boolean onPort(int port) {
        String hex = String.format(":%04X", port);
        for (Path file : FILES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                continue; // no IPv6 here, or no /proc
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hex) && !f[3].equals(LISTEN)) return true;
            }
        }
        return false;
    }
}
