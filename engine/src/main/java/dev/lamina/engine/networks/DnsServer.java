package dev.lamina.engine.networks;

import dev.lamina.kernel.Fabric;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * A running container's embedded DNS: a UDP socket and a TCP listener on the host's
 * loopback, at ports the host picks, which its kernel leads the guest's 127.0.0.11:53
 * to ({@link Fabric.NameServer}). Each question is answered on a virtual thread of its
 * own (a forwarded one waits for the upstream server); at most {@link #IN_FLIGHT} at a
 * time, and {@link #CONNECTIONS} TCP connections, so that a guest's flood costs the
 * engine little (a datagram over the limit is dropped: the guest asks again).
 */
public final class DnsServer implements AutoCloseable {
    private static final int IN_FLIGHT = 64, CONNECTIONS = 16, IDLE_MS = 10_000;

    private final DnsAnswers answers;
    private final DatagramChannel udp;
    private final ServerSocket tcp;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT), connections = new Semaphore(CONNECTIONS);

    private DnsServer(DnsAnswers answers, DatagramChannel udp, ServerSocket tcp) {
        this.answers = answers;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Listens for {@code answers}'s container; {@link #close()} ends it. */
    public static DnsServer start(DnsAnswers answers, String name) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
        ServerSocket tcp;
        try {
            tcp = new ServerSocket(0, CONNECTIONS, loopback);
        } catch (IOException e) {
            udp.close();
            throw e;
        }
        DnsServer s = new DnsServer(answers, udp, tcp);
        Thread.ofVirtual().name("dns-udp-" + name).start(s::serveUdp);
        Thread.ofVirtual().name("dns-tcp-" + name).start(s::serveTcp);
        return s;
    }

    /** Where the kernel leads the guest's questions. */
    public Fabric.NameServer ports() {
        try {
            return new Fabric.NameServer(((InetSocketAddress) udp.getLocalAddress()).getPort(), tcp.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("the name server's socket is closed", e);
        }
    }

    private void serveUdp() {
        ByteBuffer buf = ByteBuffer.allocate(65535);
        while (udp.isOpen()) {
            SocketAddress from;
            try {
                buf.clear();
                from = udp.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue; // an error of one datagram's (an ICMP report): the next
            }
            byte[] query = Arrays.copyOf(buf.array(), buf.position());
            if (!inFlight.tryAcquire()) continue;
            Thread.ofVirtual().start(() -> {
                try {
                    byte[] answer = answers.answer(query, false);
                    if (answer != null) udp.send(ByteBuffer.wrap(answer), from);
                } catch (IOException e) {
                    // the asker is gone, or the server closed: nobody to tell
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (tcp.isClosed()) return;
                continue;
            }
            if (!connections.tryAcquire()) {
                closeQuietly(s);
                continue;
            }
            Thread.ofVirtual().start(() -> {
                try (s) {
                    serveConnection(s);
                } catch (IOException e) {
                    // the asker went, or was idle too long
                } finally {
                    connections.release();
                }
            });
        }
    }

    /** Messages with a two-byte length each (RFC 1035 4.2.2), answered in turn until the asker closes. */
    private void serveConnection(Socket s) throws IOException {
        s.setSoTimeout(IDLE_MS);
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        while (true) {
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] query = in.readNBytes(length);
            if (query.length < length) return;
            byte[] answer = answers.answer(query, true);
            if (answer == null) return;
            out.writeShort(answer.length);
            out.write(answer);
            out.flush();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket not yet used
        }
    }

    @Override
    public void close() {
        try {
            udp.close();
        } catch (IOException e) {
            // closed already
        }
        try {
            tcp.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
