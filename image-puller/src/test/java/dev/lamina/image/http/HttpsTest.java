package dev.lamina.image.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS through the client: the server's certificate must be trusted and must name the host asked for. */
class HttpsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    /** A key store holding one self-signed certificate, made by the JDK's keytool, for the given subject names. */
    private KeyStore selfSigned(String alias, String subjectNames) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(alias + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias, "-ext", "SAN=" + subjectNames, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static HttpsServer serve(KeyStore keys) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", x -> {
            byte[] body = "over tls".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        return server;
    }

    private static HttpClient trusting(KeyStore certificate) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certificate);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return new HttpClient(Proxies.NONE, ctx.getSocketFactory());
    }

    private static String get(HttpClient client, int port) throws IOException {
        try (Response r = client.send(Request.get(URI.create("https://127.0.0.1:" + port + "/v2/")))) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTrustedCertificateForTheHostIsAccepted() throws Exception {
        KeyStore keys = selfSigned("registry", "ip:127.0.0.1");
        HttpsServer server = serve(keys);
        try (HttpClient client = trusting(keys)) {
            assertEquals("over tls", get(client, server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        KeyStore keys = selfSigned("elsewhere", "dns:elsewhere.example");
        HttpsServer server = serve(keys);
        try (HttpClient client = trusting(keys)) {
            assertThrows(SSLHandshakeException.class, () -> get(client, server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }

    /** A CONNECT proxy that tunnels every request to 127.0.0.1:target, or refuses with {@code refusal}. */
    private static java.net.ServerSocket connectProxy(int target, String refusal, java.util.List<String> seen) throws IOException {
        java.net.ServerSocket proxy = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            try (java.net.Socket client = proxy.accept()) {
                InputStream in = client.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
                seen.add(head.toString());
                if (refusal != null) {
                    client.getOutputStream().write(refusal.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                try (java.net.Socket upstream = new java.net.Socket(InetAddress.getLoopbackAddress(), target)) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                    Thread back = Thread.ofPlatform().daemon().start(() -> {
                        try {
                            upstream.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException e) {
                            // one side closed
                        }
                    });
                    in.transferTo(upstream.getOutputStream());
                    back.join(5000);
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        return proxy;
    }

    @Test
    void httpsGoesThroughAProxyTunnelAndStillChecksTheOrigin() throws Exception {
        KeyStore keys = selfSigned("registry", "dns:registry.test");
        HttpsServer server = serve(keys);
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket proxy = connectProxy(server.getAddress().getPort(), null, seen)) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keys);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            Proxies proxies = new Proxies(null, URI.create("http://127.0.0.1:" + proxy.getLocalPort()), java.util.List.of());
            try (HttpClient client = new HttpClient(proxies, ctx.getSocketFactory());
                    Response r = client.send(Request.get(URI.create("https://registry.test:" + server.getAddress().getPort() + "/v2/")))) {
                assertEquals("over tls", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("CONNECT registry.test:" + server.getAddress().getPort() + " HTTP/1.1", seen.getFirst().lines().findFirst().orElse(""));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedTunnelIsReportedWithTheProxysAnswer() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket proxy = connectProxy(1, "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n", seen);
                HttpClient client = new HttpClient(new Proxies(null, URI.create("http://127.0.0.1:" + proxy.getLocalPort()), java.util.List.of()))) {
            IOException e = assertThrows(IOException.class, () -> client.send(Request.get(URI.create("https://registry.test/v2/"))));
            assertEquals("the proxy 127.0.0.1 refused a tunnel to registry.test:443 (HTTP 407)", e.getMessage());
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        HttpsServer server = serve(selfSigned("registry", "ip:127.0.0.1"));
        try (HttpClient client = trusting(selfSigned("other", "ip:127.0.0.1"))) {
            assertThrows(SSLHandshakeException.class, () -> get(client, server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }
    }
}
