package dev.lamina.cli.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP proxy in front of a registry that breaks the first response to a
 * request for one blob after some bytes: it closes the connection (CUT), stops
 * sending and holds it open (STALL), or pauses two seconds and goes on (DELAY).
 * It records the requests it saw.
 */
public final class FaultyProxy implements AutoCloseable {
    public enum Fault { CUT, STALL, DELAY }

    private final ServerSocket server;
    private final int target;
    private final String blobPath;
    private final long after;
    private final Fault fault;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public FaultyProxy(int targetPort, String blobHex, long afterBytes, Fault fault) {
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.target = targetPort;
        this.blobPath = "/blobs/sha256:" + blobHex;
        this.after = afterBytes;
        this.fault = fault;
        Thread.ofPlatform().daemon().start(this::accept);
    }

    public int port() { return server.getLocalPort(); }

    /** Request heads seen so far (request line and headers). */
    public List<String> requests() { return List.copyOf(requests); }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                AtomicBoolean breakThis = new AtomicBoolean(false);
                Thread.ofPlatform().daemon().start(() -> pump(client, upstream, breakThis, true));
                Thread.ofPlatform().daemon().start(() -> pump(upstream, client, breakThis, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean breakThis, boolean requestSide) {
        byte[] buf = new byte[16384];
        long sent = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (requestSide) {
                    String head = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    requests.add(head);
                    if (head.startsWith("GET ") && head.contains(blobPath) && armed.getAndSet(false)) breakThis.set(true);
                } else if (breakThis.get()) {
                    if (sent + n > after && fault == Fault.DELAY) {
                        Thread.sleep(2000);
                        breakThis.set(false);
                    } else if (sent + n > after) {
                        out.write(buf, 0, (int) (after - sent));
                        out.flush();
                        if (fault == Fault.STALL) Thread.sleep(Long.MAX_VALUE);
                        from.close();
                        to.close();
                        return;
                    }
                    sent += n;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other follows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) s.close();
    }
}
