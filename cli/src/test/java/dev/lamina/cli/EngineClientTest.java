package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.HttpGet;
import dev.lamina.cli.testing.LocalRegistry;
import dev.lamina.cli.testing.OciImages;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.Runs;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lamina command as a client of `lamina engine`: lamina run through the
 * engine (exit codes, stdin, a terminal, -d, ports, an image pulled first),
 * ps, logs, exec, the lifecycle commands and inspect; the docker CLI sees the
 * same containers. Without an engine: a clear one-line failure, and lamina
 * run as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineClientTest {
    private Path dir;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-client-test");
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private Command.Result lamina(String... args) {
        return Runs.withDataRoot(engine.dataRoot(), args);
    }

    private String ok(String... args) {
        Command.Result r = lamina(args);
        if (r.exitCode() != 0) throw new AssertionError("lamina " + String.join(" ", args) + " failed: " + r + "\n--- engine\n" + engine.log());
        return r.stdout();
    }

    /** A shell script with $L the lamina command, on the engine's data root (for pipes and redirections). */
    private Command.Result shell(String script) {
        return Command.run(List.of("sh", "-c", script),
                Map.of("L", Repo.launcher().toString(), "LAMINA_DATA_ROOT", engine.dataRoot().toString()), null, 120);
    }

    @Test
    void runGoesThroughTheEngineWithDockersExitCodes() {
        // --name needs the engine: this run cannot have been in-process.
        Command.Result named = lamina("run", "--name", "through", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, named.exitCode(), named.toString());
        assertEquals("out\n", named.stdout());
        assertEquals("err\n", named.stderr());
        assertEquals("hi\n", ok("run", "--", "echo", "hi"));
        assertEquals("67108864\n50000 100000\n", ok("run", "--name", "limited", "-m", "64m", "--cpus", "0.5", "--", "cat",
                "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/cpu.max"), "the resource options reach the engine");
        Command.Result missing = lamina("run", "--", "no-such-command");
        assertEquals(127, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("no-such-command"), missing.toString());
        assertEquals(126, lamina("run", "--", "/etc/passwd").exitCode());
        // lamina run removes the container it waited for (other tests' detached ones may be kept)
        String left = engine.dockerOk("ps", "-a", "--no-trunc", "--format", "{{.Names}} {{.Command}}").stdout();
        for (String run : List.of("through", "limited", "echo hi", "no-such-command", "/etc/passwd"))
            assertFalse(left.contains(run), run + " is left:\n" + left);
    }

    @Test
    void stdinGoesInToItsEnd() throws IOException {
        Path input = dir.resolve("input");
        byte[] big = new byte[3 << 20];
        new Random(1).nextBytes(big);
        Files.write(input, big);
        Command.Result count = shell("\"$L\" run -- sh -c 'sleep 1; wc -c' < " + input);
        assertEquals(0, count.exitCode(), count.toString());
        assertEquals(Integer.toString(big.length), count.stdout().strip());
        Command.Result cat = shell("echo hello | \"$L\" run -- cat");
        assertEquals("hello\n", cat.stdout(), cat.toString());
    }

    /** The client stops reading while much is unread (the engine, and the container, wait), and resumes: nothing is lost. */
    @Test
    void muchOutputToASlowReaderArrivesWhole() {
        Command.Result r = shell("\"$L\" run -- sh -c 'head -c 20000000 /dev/zero; echo end >&2' | (sleep 2; wc -c)");
        String context = r + "\n--- engine\n" + engine.log();
        assertEquals(0, r.exitCode(), context);
        assertEquals("20000000", r.stdout().strip(), context);
        assertEquals("end\n", r.stderr(), context);
    }

    @Test
    void aDetachedContainerThroughPsLogsExecAndStop() {
        String id = ok("run", "-d", "--name", "ticker", "--", "sh", "-c",
                "trap 'echo bye; exit 0' TERM; echo started; while true; do sleep 0.2; done").strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertTrue(ok("ps").lines().anyMatch(l -> l.startsWith(id.substring(0, 12)) && l.contains(" Up ") && l.endsWith(" ticker")));
        assertEquals(id.substring(0, 12) + "\n", ok("ps", "-q"));
        // the engine's container: the docker CLI sees it too
        assertEquals("ticker " + id, engine.dockerOk("ps", "--format", "{{.Names}} {{.ID}}", "--no-trunc").stdout().strip());
        waitForLog("ticker", "started");

        Command.Result exec = lamina("exec", "ticker", "sh", "-c", "echo in-exec; echo to-stderr >&2; exit 7");
        assertEquals(7, exec.exitCode(), exec.toString());
        assertEquals("in-exec\n", exec.stdout());
        assertEquals("to-stderr\n", exec.stderr());
        assertEquals("piped\n", shell("echo piped | \"$L\" exec -i ticker cat").stdout());
        String inspect = ok("inspect", "ticker");
        assertTrue(inspect.startsWith("[\n    {\n        \"Id\": \"" + id + "\","), inspect);
        assertTrue(inspect.contains("\"Status\": \"running\""), inspect);

        assertEquals("ticker\n", ok("stop", "ticker"));
        // stopped and kept, as Docker keeps a detached container run without --rm: its logs are still there
        // (before, every container of lamina run went at its end, and a detached one's output with it)
        assertEquals("started\nbye\n", ok("logs", "ticker"));
        assertTrue(ok("ps", "-a").lines().anyMatch(l -> l.startsWith(id.substring(0, 12)) && l.contains(" Exited (0) ")));
        assertEquals("ticker\n", ok("rm", "ticker"));
        Command.Result gone = lamina("logs", "ticker");
        assertEquals(1, gone.exitCode(), gone.toString());
        assertEquals("lamina: No such container: ticker\n", gone.stderr());
    }

    private void waitForLog(String container, String text) {
        for (int i = 0; i < 100; i++) {
            Command.Result logs = engine.docker("logs", container);
            if ((logs.stdout() + logs.stderr()).contains(text)) return;
            sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the log of " + container);
    }

    @Test
    void logsTailTimestampsAndFollowToTheEnd() throws Exception {
        // Phases the test moves on (stdout and stderr are pumped apart: their order shows only across phases).
        ok("run", "-d", "--name", "counter", "--", "sh", "-c", "echo oops >&2; while [ ! -e /tmp/on ]; do sleep 0.1; done; "
                + "echo line 1; echo line 2; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo line 3");
        waitForLog("counter", "oops");
        ok("exec", "counter", "touch", "/tmp/on");
        waitForLog("counter", "line 2");
        Command.Result all = lamina("logs", "counter");
        assertEquals("line 1\nline 2\n", all.stdout(), all.toString());
        assertEquals("oops\n", all.stderr(), all.toString());
        Command.Result tail = lamina("logs", "--tail", "2", "counter");
        assertEquals("line 1\nline 2\n", tail.stdout(), tail.toString());
        assertEquals("", tail.stderr(), tail.toString());
        assertTrue(ok("logs", "-t", "counter").lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z line \\d")));

        Path out = dir.resolve("follow.out"), err = dir.resolve("follow.err");
        ProcessBuilder pb = new ProcessBuilder(Repo.launcher().toString(), "logs", "-f", "counter")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LAMINA_DATA_ROOT", engine.dataRoot().toString());
        Process follow = pb.start();
        // What is kept comes first: then it follows, and the container may go on.
        for (int i = 0; i < 600 && !Files.readString(out).contains("line 2"); i++) sleep(100);
        // The container ends as soon as it sees the file: the exec's own end may come after it,
        // and then it is killed with the container (137), as in Docker. Its file is what counts.
        Command.Result go = lamina("exec", "counter", "touch", "/tmp/go");
        assertTrue(go.exitCode() == 0 || go.exitCode() == 137, go.toString());
        assertTrue(follow.waitFor(60, TimeUnit.SECONDS), "logs -f ends with the container");
        assertEquals(0, follow.exitValue(), Files.readString(err));
        assertEquals("line 1\nline 2\nline 3\n", Files.readString(out));
        assertEquals("oops\n", Files.readString(err));
    }

    @Test
    void theLifecycleCommandsOnAContainerTheEngineKeeps() {
        engine.dockerOk("create", "--name", "keeper", "localhost/lamina/default", "sh", "-c",
                "trap 'exit 0' TERM; while true; do sleep 0.1; done");
        assertEquals("keeper\n", ok("start", "keeper"));
        assertTrue(ok("ps").contains(" keeper"));
        assertEquals("keeper\n", ok("restart", "-t", "1", "keeper"));
        assertEquals("running", engine.dockerOk("inspect", "--format", "{{.State.Status}}", "keeper").stdout().strip());
        assertEquals("keeper\n", ok("kill", "keeper"));
        assertEquals("137", engine.dockerOk("wait", "keeper").stdout().strip());
        assertFalse(ok("ps").contains(" keeper"));
        assertTrue(ok("ps", "-a").lines().anyMatch(l -> l.contains("Exited (137)") && l.endsWith(" keeper")));
        ok("start", "keeper");
        Command.Result running = lamina("rm", "keeper");
        assertEquals(1, running.exitCode(), running.toString());
        assertTrue(running.stderr().startsWith("lamina rm: cannot remove container \"/keeper\": container is running"), running.toString());
        Command.Result some = lamina("rm", "-f", "keeper", "nothing");
        assertEquals(1, some.exitCode(), some.toString());
        assertEquals("keeper\n", some.stdout());
        assertEquals("lamina rm: No such container: nothing\n", some.stderr());
        assertEquals(1, engine.docker("inspect", "keeper").exitCode());
        Command.Result inspect = lamina("inspect", "keeper");
        assertEquals(1, inspect.exitCode(), inspect.toString());
        assertEquals("[]\n", inspect.stdout());
        assertEquals("lamina inspect: No such container: keeper\n", inspect.stderr());
    }

    @Test
    void aTerminalWithResizeAndCtrlC() {
        Path drive = Repo.root().resolve("cli/src/test/resources/pty-drive.py");
        List<String> argv = new ArrayList<>(List.of("env", "LAMINA_DATA_ROOT=" + engine.dataRoot(), "python3", drive.toString(),
                "WAIT:# |stty size\\n|WAIT:40 120|RESIZE:30:100|stty size\\n|WAIT:30 100|sleep 60\\n|\\x03|echo interrupted\\n|WAIT:interrupted|exit 4\\n",
                Repo.launcher().toString(), "run", "-it", "--name", "terminal", "--", "sh"));
        Command.Result r = Command.run(argv, Map.of(), null, 120);
        assertTrue(r.stdout().contains("40 120"), r.toString());
        assertTrue(r.stdout().contains("30 100"), r.toString());
        assertTrue(r.stdout().contains("^C"), r.toString());
        assertTrue(r.stdout().contains("[exit 4]"), r.toString());
    }

    @Test
    void execWithATerminal() {
        ok("run", "-d", "--name", "host", "--", "sleep", "600");
        Path drive = Repo.root().resolve("cli/src/test/resources/pty-drive.py");
        List<String> argv = List.of("env", "LAMINA_DATA_ROOT=" + engine.dataRoot(), "python3", drive.toString(),
                "WAIT:# |stty size; tty\\n|WAIT:/dev/pts|exit 5\\n", Repo.launcher().toString(), "exec", "-it", "host", "sh");
        Command.Result r = Command.run(argv, Map.of(), null, 120);
        assertTrue(r.stdout().contains("40 120"), r.toString());
        assertTrue(r.stdout().contains("[exit 5]"), r.toString());
        ok("rm", "-f", "host");
    }

    /** Without -p the container's ports are the host's, as in-process; with -p it has its own, published. */
    @Test
    void portsAreTheHostsUnlessPublished() throws Exception {
        int port = LocalRegistry.freePort();
        ok("run", "-d", "--name", "web1", "--", "httpd", "-f", "-p", Integer.toString(port), "-h", "/etc");
        int published = LocalRegistry.freePort();
        ok("run", "-d", "--name", "web2", "-p", published + ":80", "--", "httpd", "-f", "-p", "80", "-h", "/etc");
        assertEquals(hostname("web1"), HttpGet.body(port, "/hostname"));
        assertEquals(hostname("web2"), HttpGet.body(published, "/hostname"));
        assertTrue(ok("ps").lines().anyMatch(l -> l.contains("0.0.0.0:" + published + "->80/tcp") && l.endsWith(" web2")));
        // -p without a host port: the one the host picked is said, as in-process
        Command.Result picked = lamina("run", "-d", "--name", "web3", "-p", "80", "--", "httpd", "-f", "-p", "80", "-h", "/etc");
        assertEquals(0, picked.exitCode(), picked.toString());
        assertTrue(picked.stderr().matches("lamina: 80/tcp is published at host port \\d+\n"), picked.toString());
        int port3 = Integer.parseInt(picked.stderr().strip().replaceAll(".* ", ""));
        assertEquals(hostname("web3"), HttpGet.body(port3, "/hostname"));
        ok("rm", "-f", "web1", "web2", "web3");
    }

    private String hostname(String container) {
        return engine.dockerOk("inspect", "--format", "{{.Config.Hostname}}", container).stdout().strip();
    }

    /** An image the store lacks is pulled by lamina (the store is shared), then the engine runs it. */
    @Test
    void anImageTheStoreLacksIsPulledFirst() throws IOException {
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null)) {
            String alpine = registry.host() + "/library/alpine:3.20";
            OciImages.push(OciImages.alpine(dir, "x86_64"), "alpine", alpine);
            Command.Result r = lamina("run", "--name", "pulled", alpine, "cat", "/etc/alpine-release");
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().startsWith("3.20."), r.toString());
            assertTrue(r.stderr().contains("Pulling " + alpine), r.toString());
            assertTrue(engine.dockerOk("images", "--format", "{{.Repository}}:{{.Tag}}").stdout().lines().anyMatch(alpine::equals));
        }
    }

    @Test
    void withoutAnEngineTheClientCommandsSaySoAndRunRunsHere() throws IOException {
        Path root = Files.createDirectories(dir.resolve("no-engine"));
        String none = "lamina: no engine runs on " + root + "; start one with `lamina engine`\n";
        for (String[] args : List.of(new String[] {"ps"}, new String[] {"logs", "x"}, new String[] {"exec", "x", "true"},
                new String[] {"stop", "x"}, new String[] {"inspect", "x"})) {
            Command.Result r = Runs.withDataRoot(root, args);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals(none, r.stderr(), r.toString());
        }
        Command.Result detached = Runs.withDataRoot(root, "run", "-d", "--", "true");
        assertEquals(125, detached.exitCode(), detached.toString());
        assertEquals("lamina run: -d needs the engine: " + none.substring("lamina: ".length()), detached.stderr());
        assertEquals(125, Runs.withDataRoot(root, "run", "--name", "n", "--", "true").exitCode());

        // A dead engine's socket is left behind: no engine answers there, and lamina run runs in this process.
        Path socket = Files.createDirectories(root.resolve("run")).resolve("engine.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        Command.Result run = Runs.withDataRoot(root, "run", "--", "sh", "-c", "echo here; exit 6");
        assertEquals(6, run.exitCode(), run.toString());
        assertEquals("here\n", run.stdout());
        assertEquals(none, Runs.withDataRoot(root, "ps").stderr());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
