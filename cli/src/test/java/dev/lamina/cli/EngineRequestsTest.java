package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.RawHttp;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input to the engine's API: each gets Docker's status and a {"message": ...}
 * body, and the engine goes on serving; then a bounded fuzz run over request
 * lines, headers and JSON bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineRequestsTest {
    private Path dir;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-engine-requests");
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private RawHttp.Answer send(String request) {
        return RawHttp.send(engine.socket(), request);
    }

    private void assertError(int status, String messagePart, RawHttp.Answer a) {
        assertEquals(status, a.status(), a.head() + "\n" + a.body());
        assertTrue(a.head().toLowerCase().contains("content-type: application/json\r\n"), a.head());
        assertTrue(a.body().startsWith("{\"message\":\"") && a.body().contains(messagePart), a.body());
    }

    private void assertStillServing() {
        RawHttp.Answer ping = send(RawHttp.get("/_ping"));
        assertEquals(200, ping.status(), ping.head());
        assertEquals("OK", ping.body());
    }

    @Test
    void pingHasNoBodyForHead() {
        RawHttp.Answer a = send("HEAD /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, a.status());
        String head = a.head().toLowerCase();
        assertTrue(head.contains("api-version: 1.51") && head.contains("server: docker/") && head.contains("content-length: 0"), a.head());
        assertEquals("", a.body());
    }

    /** A client that pipelines: requests in one write are answered one after the other, in order. */
    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        StringBuilder req = new StringBuilder();
        for (int i = 0; i < 10; i++) req.append(RawHttp.get("/containers/json?all=1&filters=%7B%22name%22%3A%5B%22p" + i + "%22%5D%7D")
                .replace("Connection: close\r\n", "")).append("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
        req.append(RawHttp.get("/version"));
        RawHttp.Answer a = send(req.toString());
        String all = a.head() + "\r\n\r\n" + a.body();
        List<String> answers = new java.util.ArrayList<>();
        for (String part : all.split("HTTP/1\\.1 ")) if (!part.isEmpty()) answers.add(part);
        assertEquals(21, answers.size(), all);
        for (int i = 0; i < 10; i++) {
            assertTrue(answers.get(2 * i).startsWith("200") && answers.get(2 * i).endsWith("\r\n\r\n[]"), i + ": " + answers.get(2 * i));
            assertTrue(answers.get(2 * i + 1).startsWith("200") && answers.get(2 * i + 1).endsWith("OK"), i + ": " + answers.get(2 * i + 1));
        }
        assertTrue(answers.get(20).contains("\"ApiVersion\""), answers.get(20));
    }

    @Test
    void malformedJsonIsA400() {
        assertError(400, "invalid JSON", send(RawHttp.post("/containers/create", "{\"Image\": ")));
        assertError(400, "invalid JSON", send(RawHttp.post("/containers/create", "[1,2,3]")));
        assertError(400, "invalid JSON", send(RawHttp.post("/v1.44/containers/create", "{\"Image\": {\"a\": 1}}")));
        assertError(400, "invalid JSON", send(RawHttp.post("/containers/create", "{\"Image\":\"x\",\"Cmd\":{}}")));
        assertError(400, "invalid JSON", send(RawHttp.post("/containers/create", "[".repeat(10_000))));
        assertError(400, "config.Image is required", send(RawHttp.post("/containers/create", "{}")));
        assertStillServing();
    }

    @Test
    void unknownThingsAre404s() {
        assertError(404, "No such container: nothere", send(RawHttp.get("/containers/nothere/json")));
        assertError(404, "No such image: nothere:1", send(RawHttp.get("/images/nothere:1/json")));
        assertError(404, "No such image", send(RawHttp.post("/containers/create", "{\"Image\":\"nothere:1\"}")));
        assertError(404, "page not found", send(RawHttp.get("/no/such/endpoint")));
        assertError(404, "No such exec instance", send(RawHttp.get("/exec/abc/json")));
        assertError(405, "not allowed", send("PATCH /containers/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertStillServing();
    }

    /** No swarm and no plugins, as a dockerd outside a swarm answers (a 404 "page not found" read as a broken daemon). */
    @Test
    void swarmAndPluginsAreAnsweredAsByADaemonWithout() {
        RawHttp.Answer plugins = send(RawHttp.get("/v1.51/plugins"));
        assertEquals(200, plugins.status());
        assertEquals("[]", plugins.body().strip());
        for (String path : List.of("/services", "/swarm", "/nodes", "/secrets/abc", "/tasks"))
            assertError(503, "This node is not a swarm manager", send(RawHttp.get(path)));
        assertError(501, "swarm mode is not served by Lamina", send(RawHttp.post("/swarm/init", "{}")));
        assertStillServing();
    }

    @Test
    void versionsOutsideTheRangeAreRefused() {
        assertError(400, "client version 1.11 is too old", send(RawHttp.get("/v1.11/version")));
        assertError(400, "client version 1.99 is too new", send(RawHttp.get("/v1.99/version")));
        assertEquals(200, send(RawHttp.get("/v1.12/version")).status()); // dockerd 20.10's oldest
        assertEquals(200, send(RawHttp.get("/v1.22/version")).status()); // skopeo 1.9's docker-daemon: transport
        assertEquals(200, send(RawHttp.get("/v1.24/version")).status());
        assertEquals(200, send(RawHttp.get("/v1.51/version")).status());
    }

    @Test
    void conflictingNamesAre409s() {
        String body = "{\"Image\":\"localhost/lamina/default\",\"Cmd\":[\"true\"]}";
        assertEquals(201, send(RawHttp.post("/containers/create?name=twin", body)).status());
        assertError(409, "is already in use", send(RawHttp.post("/containers/create?name=twin", body)));
        assertError(400, "Invalid container name", send(RawHttp.post("/containers/create?name=a%20b", body)));
        assertEquals(204, send("DELETE /containers/twin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
    }

    @Test
    void oversizedBodiesAndHeadersAreRefused() {
        String big = "{\"Image\":\"" + "x".repeat(5 << 20) + "\"}";
        assertError(413, "too large", send(RawHttp.post("/containers/create", big)));
        String header = "GET /_ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(100_000) + "\r\n\r\n";
        assertError(431, "malformed request", send(header));
        assertError(414, "malformed request", send("GET /" + "z".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertStillServing();
    }

    /**
     * Random damage to valid requests: every answer is an HTTP status below 500, or none (a
     * closed connection). (Streams that follow until the client goes, such as events, are not
     * in the seeds: damage can make them follow.)
     */
    @Test
    void fuzzedRequestsNeverBreakTheEngine() {
        List<String> seeds = List.of(
                RawHttp.post("/containers/create?name=f", "{\"Image\":\"localhost/lamina/default\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Binds\":[\"/tmp:/t\"]}}"),
                RawHttp.post("/containers/f/exec", "{\"Cmd\":[\"true\"],\"AttachStdout\":true}"),
                RawHttp.post("/volumes/create", "{\"Name\":\"v\"}"),
                RawHttp.get("/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D"),
                RawHttp.get("/images/json?filters=%7B%22reference%22%3A%5B%22alp%22%5D%7D"),
                RawHttp.get("/images/json"));
        Random random = new Random(42);
        int answered = 0;
        for (int i = 0; i < 400; i++) {
            byte[] req = seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.ISO_8859_1);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(req.length);
                switch (random.nextInt(3)) {
                    case 0 -> req[at] = (byte) random.nextInt(256);
                    case 1 -> req = java.util.Arrays.copyOf(req, at);
                    default -> {
                        byte[] longer = new byte[req.length + 8];
                        System.arraycopy(req, 0, longer, 0, at);
                        for (int k = 0; k < 8; k++) longer[at + k] = (byte) "{}[]\":,\0".charAt(random.nextInt(8));
                        System.arraycopy(req, at, longer, at + 8, req.length - at);
                        req = longer;
                    }
                }
                if (req.length == 0) req = new byte[] {'G'};
            }
            RawHttp.Answer a = RawHttp.send(engine.socket(), req);
            if (a.status() == -1) continue;
            answered++;
            assertTrue(a.status() < 500, "request " + i + " got " + a.head() + "\n" + a.body() + "\n--- sent\n"
                    + new String(req, StandardCharsets.ISO_8859_1));
        }
        assertTrue(answered > 100, "only " + answered + " answers");
        assertStillServing();
    }
}
