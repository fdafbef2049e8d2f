package dev.lamina.kernel.procfs;

import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.PortPlan.Protocol;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.net.PortSpace;
import dev.lamina.kernel.net.SockAddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * /proc/net/dev and route (the container's interfaces and routes), /proc/net/unix, and /proc/net/tcp, tcp6, udp and udp6: the host's lines for the sockets the
 * container holds, with the guest's ports (and the address it bound) in
 * place of the host's, as busybox netstat and Testcontainers'
 * {@code grep -i ':0*<hex port>' /proc/net/tcp*} read them.
 */
final class ProcNet {
    static final List<String> FILES = List.of("tcp", "tcp6", "udp", "udp6", "dev", "route", "unix", "if_inet6");
    /** /proc/net/unix's inode column, and its path's (absent for an unnamed socket). */
    private static final int UNIX_INODE = 6, UNIX_PATH = 7;

    /** "  sl: local rem rest": the slot, the two addresses, and the rest as it is. */
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+: (\\S+) (\\S+)( .*)$", Pattern.DOTALL);
    private static final int INODE_FIELD = 9;

    private ProcNet() {}

    static byte[] file(Kernel kernel, String name) {
        if (name.equals("dev") || name.equals("route")) return interfaces(kernel, name);
        if (name.equals("if_inet6")) return inet6(kernel);
        if (name.equals("unix")) return unix(kernel);
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net", name));
        } catch (IOException e) {
            return new byte[0];
        }
        Protocol protocol = name.startsWith("tcp") ? Protocol.TCP : Protocol.UDP;
        int family = name.endsWith("6") ? Flags.AF_INET6 : Flags.AF_INET;
        Set<Long> held = kernel.heldSockets();
        PortSpace ports = kernel.ports();
        StringBuilder out = new StringBuilder();
        if (!lines.isEmpty()) out.append(lines.getFirst()).append('\n');
        int slot = 0;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            Matcher m = LINE.matcher(line);
            String[] fields = line.trim().split("\\s+");
            if (!m.matches() || fields.length <= INODE_FIELD) continue;
            long inode = Long.parseLong(fields[INODE_FIELD]);
            if (!held.contains(inode)) continue;
            SockAddr hostLocal = parse(m.group(1), family), hostRemote = parse(m.group(2), family);
            SockAddr local = ports.guestLocal(protocol, inode, hostLocal, hostRemote.port() == 0 ? null : hostRemote);
            SockAddr remote = ports.guestPeer(protocol, inode, hostRemote, hostLocal);
            out.append(String.format(Locale.ROOT, "%4d: %s %s", slot++, format(local), format(remote))).append(m.group(3)).append('\n');
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * /proc/net/unix: the host's lines for the unix sockets the container holds (as fuser
     * and ss read it), a socket's path the one the guest bound it at.
     */
    private static byte[] unix(Kernel kernel) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net/unix"));
        } catch (IOException e) {
            return new byte[0];
        }
        Set<Long> held = kernel.heldSockets();
        StringBuilder out = new StringBuilder();
        if (!lines.isEmpty()) out.append(lines.getFirst()).append('\n');
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+", UNIX_PATH + 1);
            if (fields.length <= UNIX_INODE || !fields[UNIX_INODE].chars().allMatch(Character::isDigit)
                    || !held.contains(Long.parseLong(fields[UNIX_INODE]))) continue;
            if (fields.length > UNIX_PATH && fields[UNIX_PATH].startsWith("/")) {
                // The kernel bound it through a directory of its own: the name the guest gave, as Linux shows that.
                byte[] bound = kernel.unixNames().boundAt(Long.parseLong(fields[UNIX_INODE]), fields[UNIX_PATH]);
                int at = line.lastIndexOf(fields[UNIX_PATH]);
                line = line.substring(0, at) + (bound != null ? dev.lamina.kernel.abi.Utf8b.decode(bound)
                        : kernel.guestViewOfHost(fields[UNIX_PATH]));
            }
            out.append(line).append('\n');
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** /proc/net/dev or route: the container's own interfaces on the engine's networks and their routes, else the host's. */
    private static byte[] interfaces(Kernel kernel, String name) {
        List<dev.lamina.kernel.Fabric.Address> own = kernel.ports().interfaces();
        if (own == null) return ProcFs.readHost(Path.of("/proc/net", name));
        String text = name.equals("dev") ? dev.lamina.kernel.net.Interfaces.procNetDev(own) : dev.lamina.kernel.net.Interfaces.procNetRoute(own);
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * /proc/net/if_inet6: on the engine's networks the container's one IPv6 address, loopback's ::1 (its interfaces
     * have none: no `--ipv6`), as Linux lists it (address, index, prefix length, scope, flags, name); else the host's.
     * Images' entrypoints read it to know IPv6 is there (nginx's listens on [::]:80 then).
     */
    private static byte[] inet6(Kernel kernel) {
        if (kernel.ports().interfaces() == null) return ProcFs.readHost(Path.of("/proc/net/if_inet6"));
        return "00000000000000000000000000000001 01 80 10 80       lo\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** ADDR:PORT as Linux prints it: the address as 32-bit words in host order, %08X each; the port %04X. */
    private static SockAddr parse(String field, int family) {
        int colon = field.indexOf(':');
        String hex = field.substring(0, colon);
        byte[] addr = new byte[hex.length() / 2];
        for (int w = 0; w < addr.length / 4; w++) {
            int word = (int) Long.parseLong(hex.substring(8 * w, 8 * w + 8), 16);
            for (int b = 0; b < 4; b++) addr[4 * w + b] = (byte) (word >>> (8 * b));
        }
        return new SockAddr(family, addr, Integer.parseInt(field.substring(colon + 1), 16), 0, 0);
    }

    private static String format(SockAddr a) {
        StringBuilder s = new StringBuilder();
        byte[] addr = a.addr();
        for (int w = 0; w < addr.length / 4; w++) {
            int word = 0;
            for (int b = 0; b < 4; b++) word |= (addr[4 * w + b] & 0xff) << (8 * b);
            s.append(String.format(Locale.ROOT, "%08X", word));
        }
        return s.append(String.format(Locale.ROOT, ":%04X", a.port())).toString();
    }
}
