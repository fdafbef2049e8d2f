package dev.lamina.kernel.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.host.HostTree;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container path resolution on a real host tree. */
class PathResolverTest {
    @TempDir
    Path dir;
    private HostCalls host;
    private PathResolver resolver;
    private Task task;

    @BeforeEach
    void setUp() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc/ssl"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("etc/ssl/abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/etc/none"));
        Files.createSymbolicLink(root.resolve("broken"), Path.of("/nowhere/file"));
        // A host path outside the root that must never be reached.
        Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), dir.resolve("outside"));
        host = new HostCalls();
        resolver = new PathResolver(new HostTree(host, root), new MountTable(), new Places(), (t, dir) -> true);
        task = new Task(null, null, 1, host);
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    private String resolve(String start, String path, boolean follow) {
        return resolver.resolve(task, start, path, follow).path();
    }

    private int errno(String path) {
        return assertThrows(LinuxError.class, () -> resolver.resolve(task, "/", path, true)).errno();
    }

    @Test
    void dotDotStopsAtTheRoot() {
        assertEquals("/etc/passwd", resolve("/", "/../../../etc/passwd", true));
        assertEquals("/etc", resolve("/etc/ssl", "../../../../etc", true));
        assertEquals("/", resolve("/", "up", true));
    }

    @Test
    void symlinksResolveInsideTheRoot() {
        assertEquals("/usr/lib", resolve("/", "/lib", true));
        assertEquals("/etc/passwd", resolve("/", "/etc/ssl/abs", true));
        assertEquals("/etc/ssl/abs", resolve("/", "/etc/ssl/abs", false));
        // A dangling link names its target (for O_CREAT); one through a missing directory fails.
        assertEquals("/etc/none", resolve("/", "/dangling", true));
        assertEquals(Errno.ENOENT, errno("/broken"));
        // The host's absolute path means nothing inside: it is looked up in the root.
        assertEquals(Errno.ENOENT, errno("/escape/anything"));
    }

    @Test
    void relativePathsStartAtTheGivenDirectory() {
        assertEquals("/etc/passwd", resolve("/etc", "passwd", true));
        assertEquals("/etc/passwd", resolve("/etc/ssl", "./../passwd", true));
    }

    @Test
    void loopsEndInEloop() {
        assertEquals(Errno.ELOOP, errno("/loop1"));
    }

    @Test
    void componentsMustBeDirectories() {
        assertEquals(Errno.ENOTDIR, errno("/etc/passwd/x"));
        assertEquals(Errno.ENOTDIR, errno("/etc/passwd/"));
        assertEquals(Errno.ENOENT, errno("/missing/x"));
        assertEquals(Errno.ENOENT, errno(""));
        assertEquals(Errno.ENAMETOOLONG, errno("/" + "a".repeat(256)));
    }

    @Test
    void trailingSlashesAndDotsAreHarmless() {
        assertEquals("/etc/ssl", resolve("/", "/etc//ssl/./", true));
        assertEquals("/newdir", resolve("/", "/newdir/", true));
    }
}
