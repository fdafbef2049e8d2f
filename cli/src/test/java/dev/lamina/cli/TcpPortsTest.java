package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.KernelRun;
import dev.lamina.cli.testing.Repo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container whose Confinement lists the TCP ports it may bind and connect
 * to (the engine's to set; the lamina command leaves TCP open): a guest
 * (guest/tcp_ports.c) binds and connects on 127.0.0.1 with its own system
 * calls past musl+ and the kernel, and through musl+. The listed ports work;
 * the others fail with EACCES, which only Landlock gives. With TCP left open
 * the same calls all succeed, so the ports themselves are free and served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpPortsTest {
    @TempDir
    static Path work;
    private Path root;
    private ServerSocket allowedListener;
    private ServerSocket otherListener;
    private int allowedBind;
    private int otherBind;
    private int states;

    @BeforeAll
    void setUp() throws Exception {
        root = AlpineRootfs.unpack(work.resolve("root"));
        String source = Path.of(getClass().getResource("/guest/tcp_ports.c").toURI()).toString();
        Command.ok("musl-gcc", "-static", "-O2", "-o", root.resolve("bin/tcp_ports_static").toString(), source);
        Command.ok("musl-gcc", "-O2", "-o", root.resolve("bin/tcp_ports").toString(), source);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        allowedListener = new ServerSocket(0, 50, loopback);
        otherListener = new ServerSocket(0, 50, loopback);
        allowedBind = freePort();
        otherBind = freePort();
        while (otherBind == allowedBind) otherBind = freePort();
    }

    @AfterAll
    void closeListeners() throws IOException {
        allowedListener.close();
        otherListener.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The guest in a container limited to allowedBind and allowedListener's port (or not limited: "open"). */
    private Command.Result run(boolean compat, String program, String mode, boolean limited) {
        String bind = limited ? Integer.toString(allowedBind) : "open";
        String connect = limited ? Integer.toString(allowedListener.getLocalPort()) : "open";
        Path lib = Repo.root().resolve("cli/target/lamina/lib");
        return Command.run(KernelRun.argv(lib, root, work.resolve("state" + states++), compat, bind, connect, program, mode,
                "bind", Integer.toString(allowedBind), "bind", Integer.toString(otherBind),
                "connect", Integer.toString(allowedListener.getLocalPort()),
                "connect", Integer.toString(otherListener.getLocalPort())), Map.of(), null, 60);
    }

    private String expected(String otherResult) {
        return "bind " + allowedBind + " ok\nbind " + otherBind + " " + otherResult + "\n"
                + "connect " + allowedListener.getLocalPort() + " ok\n"
                + "connect " + otherListener.getLocalPort() + " " + otherResult + "\n";
    }

    @Test
    void rawCallsReachOnlyTheListedPorts() {
        Command.Result r = run(true, "/bin/tcp_ports_static", "raw", true);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(expected("-13"), r.stdout(), r.toString());
        assertEquals("", r.stderr(), "no warning on a kernel with Landlock ABI 6+");
    }

    @Test
    void callsThroughMuslPlusReachOnlyTheListedPorts() {
        Command.Result r = run(false, "/bin/tcp_ports", "libc", true);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(expected("-13"), r.stdout(), r.toString());
    }

    @Test
    void withTcpOpenEveryPortIsReached() {
        Command.Result r = run(true, "/bin/tcp_ports_static", "raw", false);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(expected("ok"), r.stdout(), r.toString());
    }
}
