package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static Go binary (built here with Debian's Go, CGO_ENABLED=0), served by
 * traps (compat mode, as every static executable, with no option). Go's
 * runtime makes every system call itself: raw clone(CLONE_THREAD) for its
 * threads, its own signal handlers (SIGSYS among them, which the init
 * host keeps for Syscall User Dispatch), SIGURG to preempt a goroutine that
 * never calls, an alternate stack per thread changed from inside a trapped
 * call, SIGTERM from another process taken while every thread sleeps in a
 * trapped call (signal.Notify). guest/go/gostatic.go prints what it sees; natively and in Lamina the
 * lines must be the same (but the pid, 1 in the container), then it serves a
 * TCP connection from the host.
 */
class GoStaticBinaryTest {
    private static final List<String> SEEN = List.of("threads 4", "preempted true", "timer true",
            "exec \"from busybox\" <nil>", "signal terminated", "listening");

    @TempDir
    Path work;

    @Test
    void aStaticGoProgramRunsWithItsThreadsSignalsAndListener() throws Exception {
        Path root = AlpineRootfs.unpack(work.resolve("root"));
        Path binary = root.resolve("gostatic");
        Path source = Path.of(getClass().getResource("/guest/go/gostatic.go").toURI());
        Command.Result built = Command.run(List.of("go", "build", "-o", binary.toString(), source.toString()),
                Map.of("CGO_ENABLED", "0", "GOCACHE", work.resolve("gocache").toString(), "HOME", work.toString(),
                        "GOFLAGS", "-mod=mod", "GO111MODULE", "off"), work, 300);
        assertEquals(0, built.exitCode(), built.toString());

        List<String> native_ = serve(List.of(binary.toString()), "pid [0-9]+");
        assertEquals(SEEN, native_.subList(1, native_.size()));
        List<String> lamina = serve(List.of(Repo.launcher().toString(), "run", "--rootfs", root.toString(), "--", "/gostatic"), "pid 1");
        assertEquals(SEEN, lamina.subList(1, lamina.size()));
    }

    /** Runs argv + a free port, reads its lines up to "listening", connects and reads the greeting, waits for exit 0. */
    private static List<String> serve(List<String> argv, String pidLine) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(argv);
        command.add(Integer.toString(port));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.equals("listening") || lines.size() > 40) break;
            }
            assertTrue(!lines.isEmpty() && lines.getFirst().matches(pidLine), String.join("\n", lines));
            assertEquals("listening", lines.getLast(), String.join("\n", lines));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(10_000);
                assertEquals("hello from go", new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine());
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the program ends after its one connection");
            assertEquals(0, p.exitValue(), String.join("\n", lines));
            return lines;
        } finally {
            p.destroyForcibly();
        }
    }
}
