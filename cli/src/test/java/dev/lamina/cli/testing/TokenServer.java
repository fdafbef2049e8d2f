package dev.lamina.cli.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The token service of Docker's token auth, for tests: checks a Basic login and
 * issues an RS256 JWT that docker-registry trusts through its rootcertbundle
 * (the certificate travels in the token's x5c header).
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "lamina-test-registry";
    public static final String ISSUER = "lamina-test-issuer";
    private final HttpServer server;
    private final PrivateKey key;
    private final String certificate;
    private final Path certFile;

    public TokenServer(Path dir, String user, String password) {
        try {
            Path keyFile = dir.resolve("token-key.pem");
            certFile = dir.resolve("token-cert.pem");
            Command.ok("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyFile.toString());
            Command.ok("openssl", "req", "-x509", "-key", keyFile.toString(), "-out", certFile.toString(), "-subj", "/CN=lamina-test-token", "-days", "2");
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
            certificate = Base64.getEncoder().encodeToString(pem(certFile));
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/token", exchange -> {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                byte[] body;
                int status;
                if (!expected.equals(auth)) {
                    status = 401;
                    body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    body = ("{\"token\":\"" + token(user, exchange.getRequestURI().getRawQuery()) + "\"}").getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry's auth section pointing here. */
    public String registryAuthYaml() {
        return "auth:\n  token:\n    realm: http://127.0.0.1:" + server.getAddress().getPort() + "/token\n    service: " + SERVICE
                + "\n    issuer: " + ISSUER + "\n    rootcertbundle: " + certFile + "\n";
    }

    private String token(String user, String query) {
        List<String> access = new ArrayList<>();
        for (String param : query == null ? new String[0] : query.split("&")) {
            if (!param.startsWith("scope=")) continue;
            String[] scope = URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8).split(":");
            if (scope.length != 3) continue;
            List<String> actions = new ArrayList<>();
            for (String a : scope[2].split(",")) actions.add("\"" + a + "\"");
            access.add("{\"type\":\"" + scope[0] + "\",\"name\":\"" + scope[1] + "\",\"actions\":[" + String.join(",", actions) + "]}");
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\"" + certificate + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + user + "\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 600)
                + ",\"nbf\":" + (now - 60) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":[" + String.join(",", access) + "]}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
