package dev.lamina.image.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxiesTest {
    @Test
    void httpsAndHttpHaveTheirOwnProxyAndNoProxyExempts() {
        Proxies p = Proxies.from(Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "http_proxy", "plain.corp:8080",
                "NO_PROXY", "internal.corp, .lab, registry.local"));
        assertEquals(URI.create("http://proxy.corp:3128"), p.forTarget(URI.create("https://registry-1.docker.io/v2/")));
        assertEquals(URI.create("http://plain.corp:8080"), p.forTarget(URI.create("http://mirror.example/v2/")));
        assertNull(p.forTarget(URI.create("https://internal.corp/v2/")));
        assertNull(p.forTarget(URI.create("https://git.internal.corp/v2/")), "a subdomain of a NO_PROXY domain");
        assertNull(p.forTarget(URI.create("https://box.lab:5000/v2/")));
        assertEquals(URI.create("http://proxy.corp:3128"), p.forTarget(URI.create("https://notinternal.corp/v2/")));
        assertNull(p.forTarget(URI.create("https://localhost:5000/v2/")), "loopback is never proxied");
        assertNull(p.forTarget(URI.create("http://127.0.0.1:5000/v2/")));
        assertNull(p.forTarget(URI.create("http://[::1]:5000/v2/")));
    }

    @Test
    void aStarExemptsEverythingAndNothingSetMeansDirect() {
        assertNull(Proxies.from(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*")).forTarget(URI.create("https://a.b/")));
        assertNull(Proxies.from(Map.of()).forTarget(URI.create("https://a.b/")));
        assertNull(Proxies.from(Map.of("HTTP_PROXY", "http://p:1")).forTarget(URI.create("https://a.b/")), "HTTP_PROXY is for http only");
    }

    @Test
    void aProxyThatIsNotHttpIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Proxies.from(Map.of("HTTPS_PROXY", "socks5://p:1080")));
        assertEquals("HTTPS_PROXY must be an http:// proxy address, not socks5://p:1080", e.getMessage());
    }
}
