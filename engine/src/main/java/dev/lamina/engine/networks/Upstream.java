package dev.lamina.engine.networks;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The name servers the embedded DNS forwards the names it does not know to: the
 * container's `--dns` servers, else the host's (its /etc/resolv.conf), as Docker does;
 * none for a container on internal networks only. A query goes as the guest sent it,
 * to one server after another, within {@link #DEADLINE_MS} in all, so that a server out
 * of reach gives the guest SERVFAIL before its own resolver gives up.
 */
public record Upstream(List<InetSocketAddress> servers) {
    /** How long one server is waited for, and all of them. */
    static final int PER_SERVER_MS = 2000, DEADLINE_MS = 3000;
    /** As many as a resolv.conf's resolver reads. */
    private static final int MAX_SERVERS = 3;

    public Upstream {
        servers = List.copyOf(servers);
    }

    public static final Upstream NONE = new Upstream(List.of());

    /** The servers named (IPv4 or IPv6 literals; others are left out), port 53. */
    public static Upstream of(List<String> addresses) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String a : addresses) {
            if (out.size() == MAX_SERVERS) break;
            String ip = a.contains("%") ? a.substring(0, a.indexOf('%')) : a;
            if (Subnet.ipOrNull(ip) == null && !ip.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) continue;
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(ip), 53));
            } catch (IOException e) {
                // not an address after all: left out, as a resolver would
            }
        }
        return new Upstream(out);
    }

    /** The nameserver lines of a resolv.conf. */
    public static List<String> nameservers(Path resolvConf) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] w = line.strip().split("\\s+");
                if (w.length >= 2 && w[0].equals("nameserver")) out.add(w[1]);
            }
        } catch (IOException e) {
            return List.of(); // no resolv.conf: no server, as a resolver would find
        }
        return out;
    }

    /** The answer of the first server that gives one (its id the query's), or null. */
    byte[] forward(byte[] query, boolean tcp) {
        long end = System.nanoTime() + DEADLINE_MS * 1_000_000L;
        for (InetSocketAddress server : servers) {
            int left = (int) ((end - System.nanoTime()) / 1_000_000L);
            if (left <= 0) break;
            int wait = Math.min(PER_SERVER_MS, left);
            try {
                byte[] answer = tcp ? overTcp(server, query, wait) : overUdp(server, query, wait);
                if (answer != null) return answer;
            } catch (IOException e) {
                // out of reach, refused or timed out: the next one
            }
        }
        return null;
    }

    private static byte[] overUdp(InetSocketAddress server, byte[] query, int waitMs) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(server);
            s.send(new DatagramPacket(query, query.length));
            long end = System.nanoTime() + waitMs * 1_000_000L;
            byte[] buf = new byte[65535];
            while (true) {
                int left = (int) ((end - System.nanoTime()) / 1_000_000L);
                if (left <= 0) return null;
                s.setSoTimeout(left);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                if (answers(query, buf, p.getLength())) return java.util.Arrays.copyOf(buf, p.getLength());
            }
        }
    }

    private static byte[] overTcp(InetSocketAddress server, byte[] query, int waitMs) throws IOException {
        try (Socket s = new Socket()) {
            long end = System.nanoTime() + waitMs * 1_000_000L;
            s.connect(server, waitMs);
            s.setSoTimeout(Math.max(1, (int) ((end - System.nanoTime()) / 1_000_000L)));
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answers(query, answer, answer.length) ? answer : null;
        }
    }

    /** Whether {@code b} is a response (QR) with the query's id. */
    private static boolean answers(byte[] query, byte[] b, int length) {
        return length >= 12 && b[0] == query[0] && b[1] == query[1] && (b[2] & 0x80) != 0;
    }
}
