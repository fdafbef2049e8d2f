package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.RawHttp;
import dev.lamina.image.store.Trees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `docker run`'s order against the engine: attach, and once the answer (101) is in,
 * start. The attached stream must carry the run's output and end with the run, however
 * quickly the run is over: a listener that joined after the answer went out could miss
 * a short run altogether and leave the client waiting for ever. A wait right after the
 * end of the output must see the run end, not wait for the next one. Many short runs from
 * four clients, this JVM keeping the CPUs busy meanwhile so that the engine's threads get
 * descheduled at any point (the way a loaded machine showed both races).
 */
class EngineAttachTest {
    private static final int WORKERS = 4;
    private static final int RUNS = 25;

    @Test
    void attachedBeforeStartSeesEveryShortRunToItsEnd() throws Exception {
        Path dir = Files.createTempDirectory("lamina-engine-attach");
        List<Thread> spinners = new ArrayList<>();
        try (EngineProcess engine = EngineProcess.start(dir.resolve("data"))) {
            // The built-in image is imported on first use; once, before the workers.
            attachStartWait(engine.socket(), "first", true);
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++)
                spinners.add(Thread.ofPlatform().daemon().start(EngineAttachTest::spin));
            try (var workers = Executors.newFixedThreadPool(WORKERS)) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    done.add(workers.submit(() -> {
                        // Half the runs remove the container as soon as the stream ends, without a wait (docker-java's way).
                        for (int run = 0; run < RUNS; run++) attachStartWait(engine.socket(), worker + "." + run, run % 2 == 0);
                        return null;
                    }));
                }
                for (var f : done) f.get();
            }
        } finally {
            spinners.forEach(Thread::interrupt);
            Trees.delete(dir);
        }
    }

    /**
     * A client may send stdin right behind `exec start`, in the same write: the engine
     * hijacks the connection before the exec's streams exist, and that input must wait
     * for them, not be dropped (docker-java's exec with stdin lost it now and then).
     */
    @Test
    void execInputSentWithTheStartIsNotLost() throws Exception {
        Path dir = Files.createTempDirectory("lamina-engine-exec-input");
        try (EngineProcess engine = EngineProcess.start(dir.resolve("data"))) {
            Path socket = engine.socket();
            RawHttp.Answer created = RawHttp.send(socket, RawHttp.post("/v1.47/containers/create?name=exec-input",
                    "{\"Image\":\"localhost/lamina/default\",\"Cmd\":[\"sleep\",\"60\"]}"));
            assertEquals(201, created.status(), created.head() + "\n" + created.body());
            assertEquals(204, RawHttp.send(socket, RawHttp.post("/v1.47/containers/exec-input/start", "")).status());
            for (int i = 0; i < 5; i++) {
                RawHttp.Answer exec = RawHttp.send(socket, RawHttp.post("/v1.47/containers/exec-input/exec",
                        "{\"Cmd\":[\"sh\",\"-c\",\"read line; echo exec-got:$line\"],\"AttachStdin\":true,\"AttachStdout\":true}"));
                assertEquals(201, exec.status(), exec.head() + "\n" + exec.body());
                Matcher m = Pattern.compile("\"Id\":\"([0-9a-f]{64})\"").matcher(exec.body());
                assertTrue(m.find(), exec.body());
                String start = "{\"Detach\":false,\"Tty\":false}";
                RawHttp.Answer ran = RawHttp.send(socket, "POST /v1.47/exec/" + m.group(1) + "/start HTTP/1.1\r\nHost: x\r\n"
                        + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: "
                        + start.length() + "\r\n\r\n" + start + "ping-" + i + "\n");
                assertEquals(101, ran.status(), ran.head() + "\n" + ran.body());
                assertTrue(ran.body().contains("exec-got:ping-" + i + "\n"), "exec " + i + " had: " + ran.body());
            }
        } finally {
            Trees.delete(dir);
        }
    }

    /**
     * One `docker run` as the CLI makes it: create, attach, start once attached, read to
     * the end, wait (when {@code wait}), remove. Without the wait the remove must still
     * find the container exited: the stream ends only once the exit is recorded.
     */
    private static void attachStartWait(Path socket, String run, boolean wait) throws IOException {
        String id = create(socket, run);
        try (SocketChannel attach = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            attach.connect(UnixDomainSocketAddress.of(socket));
            write(attach, "POST /v1.47/containers/" + id + "/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            String rest = readHead(attach);
            RawHttp.Answer started = RawHttp.send(socket, RawHttp.post("/v1.47/containers/" + id + "/start", ""));
            assertEquals(204, started.status(), started.head());
            String out = rest + readToEnd(attach, "run " + run);
            assertTrue(out.contains("hi " + run + "\n"), "run " + run + ": " + out);
        }
        if (wait) {
            // Right after the end of the output: the wait must see the run's end, not wait for the next one.
            RawHttp.Answer waited = RawHttp.send(socket, RawHttp.post("/v1.47/containers/" + id + "/wait", ""));
            assertEquals(200, waited.status(), "run " + run + ": " + waited.head());
        }
        RawHttp.Answer removed = RawHttp.send(socket, "DELETE /v1.47/containers/" + id + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(204, removed.status(), "run " + run + ": " + removed.head() + "\n" + removed.body());
    }

    private static String create(Path socket, String run) {
        RawHttp.Answer a = RawHttp.send(socket, RawHttp.post("/v1.47/containers/create?name=attach-" + run,
                "{\"Image\":\"localhost/lamina/default\",\"Cmd\":[\"echo\",\"hi " + run + "\"],"
                        + "\"AttachStdout\":true,\"AttachStderr\":true}"));
        assertEquals(201, a.status(), a.head() + "\n" + a.body());
        Matcher m = Pattern.compile("\"Id\":\"([0-9a-f]{64})\"").matcher(a.body());
        assertTrue(m.find(), a.body());
        return m.group(1);
    }

    private static void spin() {
        long x = 0;
        while (!Thread.currentThread().isInterrupted()) x += System.nanoTime() & 1;
        if (x == 42) System.out.print(""); // keeps the loop from being optimised away
    }

    private static void write(SocketChannel c, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) c.write(b);
    }

    /** Reads the answer's head, checks it is the upgrade, and returns what came after it. */
    private static String readHead(SocketChannel c) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            String all = in.toString(StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            if (end >= 0) {
                assertTrue(all.startsWith("HTTP/1.1 101 "), all);
                return all.substring(end + 4);
            }
            buf.clear();
            if (c.read(buf) < 0) throw new AssertionError("closed before the answer: " + all);
            in.write(buf.array(), 0, buf.position());
        }
    }

    /** The stream's bytes until the engine ends it; fails after 20 s without the end. */
    private static String readToEnd(SocketChannel c, String what) throws IOException {
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(20_000);
                c.close();
            } catch (InterruptedException | IOException e) {
                // ended in time
            }
        });
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (true) {
                buf.clear();
                if (c.read(buf) < 0) break;
                in.write(buf.array(), 0, buf.position());
            }
        } catch (AsynchronousCloseException e) {
            throw new AssertionError(what + ": the attached stream did not end in 20 s after the run; it had: "
                    + in.toString(StandardCharsets.ISO_8859_1));
        } finally {
            watchdog.interrupt();
        }
        return in.toString(StandardCharsets.ISO_8859_1);
    }
}
