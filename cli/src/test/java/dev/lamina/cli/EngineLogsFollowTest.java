package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.RawHttp;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A `docker logs -f` client that does not read while a container writes fast (`docker logs -f c | less`,
 * paused) must not have the container's output queued for it in the engine's memory without bound: a
 * security review had a chatty container and one such follower run the engine, every container with it,
 * out of heap. Its follow ends once it is too far behind, with a message, while the container runs on.
 */
class EngineLogsFollowTest {
    /** Well past the engine's bound on a follower's lag (16 MiB) and the sockets' buffers. */
    private static final int OUTPUT_MB = 48;

    @Test
    void aFollowerThatDoesNotReadIsLetGoOnceFarBehind() throws Exception {
        Path dir = Files.createTempDirectory("lamina-engine-follow");
        try (EngineProcess engine = EngineProcess.start(dir.resolve("data"))) {
            Path socket = engine.socket();
            // Lines of 1 KiB, then the container waits: the follow can only end by the engine's letting go.
            String script = "yes $(head -c 1023 /dev/zero | tr '\\\\0' x) | head -c " + OUTPUT_MB + "000000; echo written >&2; sleep 120";
            RawHttp.Answer created = RawHttp.send(socket, RawHttp.post("/v1.47/containers/create?name=chatty",
                    "{\"Image\":\"localhost/lamina/default\",\"Cmd\":[\"sh\",\"-c\",\"" + script + "\"]}"));
            assertEquals(201, created.status(), created.head() + "\n" + created.body());
            assertEquals(204, RawHttp.send(socket, RawHttp.post("/v1.47/containers/chatty/start", "")).status());
            try (SocketChannel follower = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                follower.connect(UnixDomainSocketAddress.of(socket));
                follower.write(ByteBuffer.wrap(("GET /v1.47/containers/chatty/logs?follow=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                // Not reading until the container has written it all (its stderr says so, in the log).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (!RawHttp.send(socket, RawHttp.get("/v1.47/containers/chatty/logs?stderr=1")).body().contains("written")) {
                    assertTrue(System.nanoTime() < deadline, "the container did not write its output in time");
                    Thread.sleep(500);
                }
                try (var reader = Executors.newSingleThreadExecutor()) {
                    Future<Read> read = reader.submit(() -> readToEnd(follower));
                    Read got = read.get(60, TimeUnit.SECONDS); // the container still sleeps: only the engine ends it
                    assertTrue(got.bytes() < (long) OUTPUT_MB * 1_000_000, "the follower got all " + got.bytes() + " bytes");
                    assertTrue(Pattern.compile("fell \\d+ MiB behind").matcher(got.tail()).find(),
                            "the follow ends with the engine's message: " + got.bytes() + " bytes, ending " + got.tail());
                }
            }
            RawHttp.send(socket, "DELETE /v1.47/containers/chatty?force=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        } finally {
            Trees.delete(dir);
        }
    }

    /** What a read to the end of the stream got: its bytes, and the last of them. */
    private record Read(long bytes, String tail) {}

    private static Read readToEnd(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long total = 0;
        StringBuilder tail = new StringBuilder();
        for (int n; (n = c.read(buf.clear())) >= 0; ) {
            total += n;
            tail.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
            if (tail.length() > 4096) tail.delete(0, tail.length() - 4096);
        }
        return new Read(total, tail.toString());
    }
}
