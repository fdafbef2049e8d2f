package dev.lamina.cli.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A GET from a server just started in a container: it may need a moment to listen (a bounded wait). */
public final class HttpGet {
    private HttpGet() {}

    /** The body of a 200 answer to GET http://127.0.0.1:port/path, stripped, once the server answers (10 s at most). */
    public static String body(int port, String path) throws Exception {
        return body("127.0.0.1", port, path);
    }

    /** The same from {@code host} (an IPv6 address in brackets). */
    public static String body(String host, int port, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build();
            for (int i = 0; ; i++) {
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    return r.body().strip();
                } catch (IOException e) {
                    if (i == 100) throw e;
                    Thread.sleep(100);
                }
            }
        }
    }
}
