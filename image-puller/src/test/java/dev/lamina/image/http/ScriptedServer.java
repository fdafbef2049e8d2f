package dev.lamina.image.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that answers each request head it reads with the next
 * scripted reply, byte for byte; a reply ending in {@link #CLOSE} closes the
 * connection after it is sent, and {@link #SILENT} sends nothing at all.
 */
final class ScriptedServer implements AutoCloseable {
    static final String CLOSE = "<close>";
    static final String SILENT = "<silent>";

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<String> replies;
    private final AtomicInteger next = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedServer(String... replies) throws IOException {
        this.replies = List.of(replies);
        acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofPlatform().daemon().start(() -> serve(s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                requests.add(head);
                int i = next.getAndIncrement();
                if (i >= replies.size()) return;
                String reply = replies.get(i);
                if (reply.equals(SILENT)) {
                    Thread.sleep(60_000);
                    return;
                }
                boolean close = reply.endsWith(CLOSE);
                s.getOutputStream().write(reply.replace(CLOSE, "").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                if (close) return;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            head.write(c);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) return s;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
