package dev.lamina.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.Header;
import dev.lamina.image.http.Request;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each endpoint's address and headers, apart from the client that sends them (their answers: RegistryClientTest, PullTest). */
class RegistryEndpointsTest {
    private static final ImageReference IMAGE = ImageReference.parse("127.0.0.1:5000/team/app:1.0");
    private static final String BASE = "http://127.0.0.1:5000";
    private static final Digest DIGEST = Digest.of("config".getBytes(StandardCharsets.UTF_8));
    private static final Descriptor BLOB = new Descriptor(MediaTypes.ACCEPT_MANIFESTS, DIGEST, 6, null, Map.of());

    @Test
    void manifestByTagOrDigestAskingForEveryKindLaminaReads() {
        ManifestEndpoint m = new ManifestEndpoint(IMAGE, "1.0");
        assertEquals(URI.create(BASE + "/v2/team/app/manifests/1.0"), m.uri(BASE));
        assertEquals(List.of(new Header("Accept", MediaTypes.ACCEPT_MANIFESTS)), headers(m));
        assertEquals(URI.create(BASE + "/v2/team/app/manifests/" + DIGEST), new ManifestEndpoint(IMAGE, DIGEST.toString()).uri(BASE));
    }

    @Test
    void blobWholeOrFromAnOffset() {
        assertEquals(URI.create(BASE + "/v2/team/app/blobs/" + DIGEST), BlobEndpoint.small(IMAGE, BLOB, 100).uri(BASE));
        assertEquals(List.of(), headers(BlobEndpoint.small(IMAGE, BLOB, 100)));
        assertEquals(List.of(), headers(BlobEndpoint.from(IMAGE, BLOB, 0)));
        assertEquals(List.of(new Header("Range", "bytes=4-")), headers(BlobEndpoint.from(IMAGE, BLOB, 4)));
        assertEquals("127.0.0.1:5000/team/app:1.0: " + DIGEST + " is larger than 5 bytes",
                assertThrows(ImageException.class, () -> BlobEndpoint.small(IMAGE, BLOB, 5)).getMessage());
    }

    @Test
    void tokenFromTheChallengesRealmServiceAndScope() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://127.0.0.1:5001/token\",service=\"reg istry\",scope=\"repository:team/app:pull\"");
        TokenEndpoint t = new TokenEndpoint(IMAGE, c, null, Access.pull(IMAGE).scopes());
        assertEquals(URI.create("https://127.0.0.1:5001/token?service=reg+istry&scope=repository%3Ateam%2Fapp%3Apull"), t.uri(BASE));
        assertEquals(List.of(), headers(t));
        // No scope in the challenge: pull on this repository; a realm with a query keeps it.
        TokenEndpoint bare = new TokenEndpoint(IMAGE, AuthChallenge.parse("Bearer realm=\"http://127.0.0.1:5001/t?x=1\""),
                new Credentials.Login("me", "secret"), Access.pull(IMAGE).scopes());
        assertEquals(URI.create("http://127.0.0.1:5001/t?x=1&scope=repository%3Ateam%2Fapp%3Apull"), bare.uri(BASE));
        // A push asks for pull and push, a mount also for pull where the blob is; the challenge's scope comes too.
        TokenEndpoint push = new TokenEndpoint(IMAGE, c, null, Access.mount(IMAGE, "team/base").scopes());
        assertEquals(URI.create("https://127.0.0.1:5001/token?service=reg+istry&scope=repository%3Ateam%2Fapp%3Apull%2Cpush"
                + "&scope=repository%3Ateam%2Fbase%3Apull&scope=repository%3Ateam%2Fapp%3Apull"), push.uri(BASE));
        assertEquals(List.of(new Header("Authorization", new Credentials.Login("me", "secret").basic())), headers(bare));
        assertEquals("127.0.0.1:5000/team/app:1.0: the registry's token challenge has no realm", assertThrows(ImageException.class,
                () -> new TokenEndpoint(IMAGE, AuthChallenge.parse("Bearer service=\"x\""), null, List.of())).getMessage());
    }

    private static List<Header> headers(RegistryEndpoint<?> e) {
        return e.prepare(Request.get(e.uri(BASE))).headers();
    }
}
