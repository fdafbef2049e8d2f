package dev.lamina.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lamina.image.ImageException;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against small in-process servers: a registry that wants a Bearer
 * token and redirects blobs to a second host, which must never see the token.
 */
class RegistryClientTest {
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private HttpServer registry, storage;
    private final List<String> registryAuth = new CopyOnWriteArrayList<>();
    private final List<String> storageAuth = new CopyOnWriteArrayList<>();
    private final List<String> tokenLogins = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/blob", x -> {
            storageAuth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            reply(x, 200, BLOB, null);
        });
        storage.start();
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + registry.getAddress().getPort();
        registry.createContext("/token", x -> {
            tokenLogins.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            reply(x, 200, "{\"access_token\":\"tok\"}".getBytes(StandardCharsets.UTF_8), null);
        });
        registry.createContext("/v2/", x -> {
            x.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
            String auth = x.getRequestHeaders().getFirst("Authorization");
            registryAuth.add(String.valueOf(auth));
            if (!"Bearer tok".equals(auth)) {
                x.getResponseHeaders().add("WWW-Authenticate",
                        "Bearer realm=\"" + base + "/token\",service=\"test\",scope=\"repository:team/app:pull\"");
                reply(x, 401, new byte[0], null);
            } else if (x.getRequestURI().getPath().contains("/blobs/")) {
                // "localhost" is another host than "127.0.0.1" as far as credentials go.
                x.getResponseHeaders().add("Location", "http://localhost:" + storage.getAddress().getPort() + "/blob");
                reply(x, 307, new byte[0], null);
            } else if (x.getRequestURI().getPath().endsWith("/team/app/tags/list")) {
                // two pages, the first leading to the second as the distribution spec's Link header does
                boolean first = x.getRequestURI().getQuery() == null || !x.getRequestURI().getQuery().contains("last=");
                if (first) x.getResponseHeaders().add("Link", "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
                reply(x, 200, (first ? "{\"tags\":[\"a\",\"b\"]}" : "{\"tags\":[\"c\"]}").getBytes(StandardCharsets.UTF_8), null);
            } else if (x.getRequestURI().getPath().endsWith("/tags/list")) {
                reply(x, 200, "{\"tags\":[\"ok\",\"a/../../b\"]}".getBytes(StandardCharsets.UTF_8), null);
            } else {
                reply(x, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8), null);
            }
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        storage.stop(0);
    }

    private static void reply(HttpExchange x, int status, byte[] body, String type) throws IOException {
        if (type != null) x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) x.getResponseBody().write(body);
        x.close();
    }

    private ImageReference image() {
        return ImageReference.parse("127.0.0.1:" + registry.getAddress().getPort() + "/team/app:1");
    }

    @Test
    void redirectedBlobDoesNotCarryTheToken() throws IOException {
        Credentials login = Credentials.parse("{\"auths\":{\"127.0.0.1:" + registry.getAddress().getPort() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("me:pw".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        RegistryClient client = new RegistryClient(login, Set.of());
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER, Digest.of(BLOB), BLOB.length);
        Digest got = client.blob(image(), d, dir.resolve("partial"), ProgressListener.NONE, null);
        assertEquals(d.digest(), got);
        assertEquals(List.of("Basic " + Base64.getEncoder().encodeToString("me:pw".getBytes(StandardCharsets.UTF_8))), tokenLogins);
        assertTrue(registryAuth.contains("Bearer tok"), registryAuth.toString());
        assertEquals(List.of("null"), storageAuth, "the storage host must not see the registry's token");
    }

    /** `pull --all-tags`: pages followed as the Link headers lead; a listed name that is no tag is refused, never used. */
    @Test
    void tagsArePagedAndChecked() {
        RegistryClient client = new RegistryClient(Credentials.none(), Set.of());
        assertEquals(List.of("a", "b", "c"), client.tags(image(), 100));
        assertEquals(List.of("a", "b"), client.tags(image(), 2));
        ImageReference other = ImageReference.parse("127.0.0.1:" + registry.getAddress().getPort() + "/team/other:1");
        assertEquals(other.repository() + ": the registry lists 'a/../../b', which is no tag",
                assertThrows(ImageException.class, () -> client.tags(other, 100)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> other.withTag("a/b"));
    }

    @Test
    void registryErrorsBecomeOneLine() {
        RegistryClient client = new RegistryClient(Credentials.none(), Set.of());
        ImageException e = assertThrows(ImageException.class, () -> client.manifest(image(), "1"));
        assertEquals(image().familiar() + ": manifest 1: not found ({\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]})", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void anUnreachableRegistryIsNamedWithTheReason() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ImageReference image = ImageReference.parse("127.0.0.1:" + closed + "/team/app:1");
        RegistryClient client = new RegistryClient(Credentials.none(), Set.of());
        assertEquals("cannot reach registry 127.0.0.1:" + closed + " for " + image.familiar() + ": connection refused",
                assertThrows(ImageException.class, () -> client.manifest(image, "1")).getMessage());
    }

    @Test
    void plainHttpIsOnlyForLoopbackOrListedRegistries() {
        RegistryClient client = new RegistryClient(Credentials.none(), Set.of("registry.internal:5000"));
        assertTrue(client.isInsecure("localhost:5000") && client.isInsecure("127.0.0.1:5000") && client.isInsecure("registry.internal:5000"));
        assertTrue(!client.isInsecure("docker.io") && !client.isInsecure("registry.internal:6000") && !client.isInsecure("10.0.0.1"));
    }
}
