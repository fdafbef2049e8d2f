package dev.lamina.cli.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One HTTP/1.1 request, written as given (malformed ones too), over a unix socket; the answer as read until close or a bound. */
public final class RawHttp {
    private RawHttp() {}

    public record Answer(int status, String head, String body) {}

    /** Sends {@code request} (with Connection: close added when it has none) and reads the answer. */
    public static Answer send(Path socket, byte[] request) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            // An engine that never answers fails the test instead of hanging it.
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(20_000);
                    c.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time
                }
            });
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) c.write(out);
            c.shutdownOutput();
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (in.size() < (8 << 20)) {
                buf.clear();
                int n = c.read(buf);
                if (n < 0) break;
                in.write(buf.array(), 0, n);
            }
            watchdog.interrupt();
            String all = in.toString(StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            String head = end < 0 ? all : all.substring(0, end);
            String body = end < 0 ? "" : all.substring(end + 4);
            int status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
            return new Answer(status, head, body);
        } catch (java.nio.channels.AsynchronousCloseException e) {
            throw new AssertionError("no answer in 20 s to:\n" + new String(request, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer send(Path socket, String request) {
        return send(socket, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A request with a JSON body and Connection: close. */
    public static String post(String path, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    public static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }
}
