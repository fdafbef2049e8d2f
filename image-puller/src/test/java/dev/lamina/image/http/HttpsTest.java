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
        return new HttpClient(ctx.getSocketFactory());
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
