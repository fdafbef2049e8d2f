package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static dev.lamina.kernel.TestContainer.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AF_UNIX sockets named by container paths: the kernel binds the socket sent
 * along, and for connect hands back the socket file itself. */
class SocketCallsTest extends ContainerTest {
    // Not in Sysno: the kernel never makes or listens on sockets itself.
    private static final int SOCKET = 41, LISTEN = 50;

    private int socket = -1;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(c.root.resolve("run"));
        Files.writeString(c.root.resolve("run/plain"), "not a socket");
        socket = (int) c.host.syscall(SOCKET, Flags.AF_UNIX, Flags.SOCK_STREAM | Flags.SOCK_CLOEXEC, 0);
        assertTrue(socket >= 0, "socket: " + socket);
    }

    @AfterEach
    void closeSocket() {
        c.close(socket);
    }

    private long bind(String path, int fd) {
        return c.channel.request(Protocol.OP_UNIX_PATH, args(Protocol.UNIX_BIND), new byte[][] {path(path)}, fd).ret();
    }

    private ReceivedReply socketFile(String path) {
        return c.call(Protocol.OP_UNIX_PATH, args(0), path(path));
    }

    private static boolean connects(Path p) {
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean isSocket(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & Flags.S_IFMT) == Flags.S_IFSOCK;
    }

    @Test
    void theKernelBindsTheSocketSentAtTheContainersPath() throws IOException {
        assertEquals(0, bind("/run/s.sock", socket));
        assertTrue(isSocket(c.root.resolve("run/s.sock")));
        assertEquals(0, c.host.syscall(LISTEN, socket, 1));
        assertTrue(connects(c.root.resolve("run/s.sock")), "the socket sent is the one bound");
    }

    @Test
    void bindRelativeToTheCwdAndThroughDotDot() throws IOException {
        assertEquals(0, c.ret(Sysno.CHDIR, args(0), path("/run")));
        assertEquals(0, bind("../../run/rel.sock", socket));
        assertTrue(isSocket(c.root.resolve("run/rel.sock")));
    }

    @Test
    void bindRefusesTakenAndForeignPlaces() throws IOException {
        assertEquals(-Errno.EADDRINUSE, bind("/run/plain", socket));
        assertEquals(-Errno.EADDRINUSE, bind("/dev/null", socket), "the kernel's own nodes cannot be bound over");
        assertEquals(-Errno.ENOENT, bind("/proc/s.sock", socket), "procfs makes no names");
        assertEquals(-Errno.ENOENT, bind("/missing/s.sock", socket));
        assertEquals(-Errno.EBADF, bind("/run/nofd.sock", -1));
        assertFalse(Files.exists(c.root.resolve("run/nofd.sock"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, bind("/dev/shm/s.sock", socket), "/dev/shm is writable");
    }

    @Test
    void connectGetsTheSocketFileAsAnOPathFd() throws IOException {
        assertEquals(0, bind("/run/s.sock", socket));
        assertEquals(0, c.host.syscall(LISTEN, socket, 1));
        Files.createSymbolicLink(c.root.resolve("run/link"), Path.of("/run/s.sock"));
        for (String name : new String[] {"/run/s.sock", "/run/link"}) {
            ReceivedReply r = socketFile(name);
            assertEquals(0, r.ret(), name);
            assertEquals(Protocol.REPLY_CLOEXEC, r.flags());
            assertEquals(Flags.O_PATH, c.host.syscall(Sysno.FCNTL, r.fd(), F_GETFL) & Flags.O_PATH);
            assertTrue(connects(Path.of("/proc/self/fd/" + r.fd())), "the init host connects to /proc/self/fd/N");
            r.closeFds();
        }
    }

    private static final int F_GETFL = 3;

    @Test
    void connectRefusesWhatIsNoSocket() {
        assertEquals(-Errno.ECONNREFUSED, socketFile("/run/plain").ret());
        assertEquals(-Errno.ECONNREFUSED, socketFile("/run").ret());
        assertEquals(-Errno.ECONNREFUSED, socketFile("/dev/null").ret());
        assertEquals(-Errno.ENOENT, socketFile("/run/missing.sock").ret());
        assertEquals(0, socketFile("/run/plain").fds().length);
    }

    @Test
    void aSocketOutsideTheRootIsNotReachedByItsHostPath() throws IOException {
        Path outside = c.outside.resolve("host.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(outside));
            assertEquals(-Errno.ENOENT, socketFile(outside.toString()).ret());
            Files.createSymbolicLink(c.root.resolve("run/escape"), outside);
            assertEquals(-Errno.ENOENT, socketFile("/run/escape").ret());
        }
    }

    /**
     * A connect or bind of a socket in a placeholder's stead, to a path that does not resolve, leaves no socket of
     * the kernel's open: a guest repeating it ran the kernel, every container's, out of descriptors (the
     * forty-first session's review). The same for a bound socket's connect (UNIX_BOUND_CONNECT).
     */
    @Test
    void aFailedConnectOrBindLeavesTheKernelNoSocket() throws IOException {
        long before = kernelFds();
        byte[] missing = "/missing/dir/s.sock".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 40; i++) {
            assertEquals(-Errno.ENOENT, newSocket(Protocol.UNIX_NEW_CONNECT, missing).ret());
            assertEquals(-Errno.ENOENT, newSocket(Protocol.UNIX_NEW_BIND, missing).ret());
            assertEquals(-Errno.ENOTDIR, newSocket(Protocol.UNIX_NEW_CONNECT, "/run/plain/s".getBytes(java.nio.charset.StandardCharsets.UTF_8)).ret());
        }
        assertTrue(kernelFds() < before + 10, "the kernel's descriptors: " + before + " before, " + kernelFds() + " after");
    }

    private ReceivedReply newSocket(int how, byte[] name) {
        ReceivedReply r = c.channel.request(Protocol.OP_UNIX_PATH, args(how, 0), new byte[][] {name}, socket);
        r.closeFds();
        return r;
    }

    private static long kernelFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
