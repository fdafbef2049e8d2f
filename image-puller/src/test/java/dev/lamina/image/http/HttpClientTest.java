package dev.lamina.image.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpClientTest {
    private static final String OK_HELLO = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private static String fetch(HttpClient client, Request request) throws IOException {
        try (Response r = client.send(request)) {
            return r.status() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Request get(ScriptedServer server, String path) {
        return Request.get(URI.create(server.url(path)));
    }

    @Test
    void chunkedBodiesAreDecodedAndTheConnectionIsReused() throws IOException {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDocker-Content-Digest: x\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n";
        try (ScriptedServer server = new ScriptedServer(chunked, OK_HELLO); HttpClient client = new HttpClient(Proxies.NONE)) {
            try (Response r = client.send(get(server, "/a?b=c"))) {
                assertEquals("x", r.headers().first("docker-content-digest").orElseThrow());
                assertEquals("hello world", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("200 hello", fetch(client, get(server, "/second")));
            assertEquals(1, server.connections.get(), "both requests on one connection");
            assertTrue(server.requests.getFirst().startsWith("GET /a?b=c HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"),
                    server.requests.getFirst());
        }
    }

    @Test
    void aConnectionClosedWhileIdleIsReplacedForTheNextRequest() throws IOException {
        try (ScriptedServer server = new ScriptedServer(OK_HELLO + ScriptedServer.CLOSE, OK_HELLO); HttpClient client = new HttpClient(Proxies.NONE)) {
            assertEquals("200 hello", fetch(client, get(server, "/1")));
            assertEquals("200 hello", fetch(client, get(server, "/2")));
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        String closing = "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        try (ScriptedServer server = new ScriptedServer(closing, OK_HELLO); HttpClient client = new HttpClient(Proxies.NONE)) {
            assertEquals("404 ", fetch(client, get(server, "/1")));
            assertEquals("200 hello", fetch(client, get(server, "/2")));
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void aBodyCutShortIsAnErrorNotAShortBody() throws IOException {
        try (ScriptedServer server = new ScriptedServer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello" + ScriptedServer.CLOSE);
                HttpClient client = new HttpClient(Proxies.NONE)) {
            EOFException e = assertThrows(EOFException.class, () -> fetch(client, get(server, "/")));
            assertEquals("connection closed after 5 of 10 bytes", e.getMessage());
        }
    }

    @Test
    void aBodyWithoutLengthLastsUntilTheConnectionCloses() throws IOException {
        try (ScriptedServer server = new ScriptedServer("HTTP/1.1 200 OK\r\n\r\nall of it" + ScriptedServer.CLOSE, OK_HELLO);
                HttpClient client = new HttpClient(Proxies.NONE)) {
            assertEquals("200 all of it", fetch(client, get(server, "/")));
            assertEquals("200 hello", fetch(client, get(server, "/")));
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void headAnswersHaveNoBodyAndInterimAnswersAreSkipped() throws IOException {
        try (ScriptedServer server = new ScriptedServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", OK_HELLO);
                HttpClient client = new HttpClient(Proxies.NONE)) {
            Request head = new Request("HEAD", URI.create(server.url("/")), java.util.List.of(), Request.DEFAULT_TIMEOUT);
            assertEquals("200 ", fetch(client, head));
            assertEquals("200 hello", fetch(client, get(server, "/")));
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void malformedAnswersAreRefused() throws IOException {
        String[] bad = {
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
            "HTTP/1.1 200 OK\r\n folded: value\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX: " + "y".repeat(Http1Codec.MAX_LINE) + "\r\n\r\n",
            "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(Http1Codec.MAX_FIELDS + 1) + "\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        };
        for (String reply : bad) {
            String label = reply.substring(0, Math.min(40, reply.length()));
            // Refused at once: never left waiting on the server for the rest (the default timeout is 60 s).
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (ScriptedServer server = new ScriptedServer(reply); HttpClient client = new HttpClient(Proxies.NONE)) {
                    assertThrows(HttpProtocolException.class, () -> fetch(client, get(server, "/")), label);
                }
            }, label);
        }
    }

    @Test
    void aSilentServerTimesOut() throws IOException {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.SILENT); HttpClient client = new HttpClient(Proxies.NONE)) {
            assertThrows(SocketTimeoutException.class, () -> fetch(client, get(server, "/").within(Duration.ofMillis(300))));
        }
    }

    @Test
    void headerValuesCannotSmuggleLines() throws IOException {
        try (ScriptedServer server = new ScriptedServer(OK_HELLO); HttpClient client = new HttpClient(Proxies.NONE)) {
            Request smuggling = get(server, "/").with("Authorization", "Bearer x\r\nHost: elsewhere");
            assertThrows(HttpProtocolException.class, () -> fetch(client, smuggling));
            assertEquals(0, server.requests.size());
        }
    }

    @Test
    void throughAnHttpProxyTheWholeAddressIsAskedForWithTheProxysLogin() throws IOException {
        try (ScriptedServer proxy = new ScriptedServer(OK_HELLO);
                HttpClient client = new HttpClient(new Proxies(URI.create("http://user:p%40ss@127.0.0.1:" + proxy.port()), null,
                        java.util.List.of()))) {
            assertEquals("200 hello", fetch(client, Request.get(URI.create("http://registry.example:5000/v2/x?y=1"))));
            String head = proxy.requests.getFirst();
            assertTrue(head.startsWith("GET http://registry.example:5000/v2/x?y=1 HTTP/1.1\r\nHost: registry.example:5000\r\n"), head);
            assertTrue(head.contains("Proxy-Authorization: Basic dXNlcjpwQHNz\r\n"), head); // user:p@ss
        }
    }

    @Test
    void onlyHttpAndHttpsAreSpoken() {
        try (HttpClient client = new HttpClient(Proxies.NONE)) {
            IOException e = assertThrows(IOException.class, () -> client.send(Request.get(URI.create("ftp://127.0.0.1/x"))));
            assertTrue(e.getMessage().contains("not an http or https address"));
        }
    }

    @Test
    void bodiesMayBeReadInAnySizeOfPiece() throws IOException {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        String reply = "HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n" + new String(big, StandardCharsets.ISO_8859_1);
        try (ScriptedServer server = new ScriptedServer(reply); HttpClient client = new HttpClient(Proxies.NONE);
                Response r = client.send(get(server, "/"))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            var body = r.body();
            for (int c, i = 0; ; i++) {
                if (i % 2 == 0) {
                    if ((c = body.read()) < 0) break;
                    out.write(c);
                } else {
                    byte[] piece = new byte[i % 5000];
                    int n = body.read(piece);
                    if (n < 0) break;
                    out.write(piece, 0, n);
                }
            }
            assertArrayEquals(big, out.toByteArray());
        }
    }
}
