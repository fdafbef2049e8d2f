package dev.lamina.engine.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `docker ps -s` and `system df` count of a container's root. */
class DiskBytesTest {
    @Test
    void filesOfOneLinkAreCountedAndSymlinksNotFollowed(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.write(Files.createDirectories(root.resolve("a/b")).resolve("own"), new byte[1000]);
        Files.write(root.resolve("shared"), new byte[500]);
        Files.createLink(dir.resolve("image-file"), root.resolve("shared")); // an image's file: two links
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("/usr"));
        assertEquals(1000, DiskBytes.own(root));
        assertEquals(0, DiskBytes.own(dir.resolve("missing")));
    }

    /**
     * A running guest swapping a directory for a symlink to a host directory while the walk is under way: the walk by
     * paths went on through the link and counted the host's files (a 38.5 kB container's size said 4.16 GB, review
     * 43b). Here the host directory holds a sparse file of 1 GiB; the root's own files are a few bytes.
     */
    @Test
    void aDirectorySwappedForASymlinkLeadsTheCountNowhere(@TempDir Path dir) throws Exception {
        Path host = Files.createDirectories(dir.resolve("host/sub"));
        try (RandomAccessFile big = new RandomAccessFile(host.resolve("big").toFile(), "rw")) {
            big.setLength(1L << 30);
        }
        Path root = Files.createDirectories(dir.resolve("root"));
        Path d = root.resolve("d"), away = root.resolve("d.real");
        Files.createDirectories(d.resolve("sub"));
        for (int i = 0; i < 50; i++) Files.write(d.resolve("sub/f" + i), new byte[10]);
        AtomicBoolean stop = new AtomicBoolean();
        Thread flipper = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    Files.move(d, away);
                    Files.createSymbolicLink(d, host);
                    Thread.onSpinWait();
                    Files.delete(d);
                    Files.move(away, d);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long most = 0;
        try {
            for (int i = 0; i < 2000; i++) most = Math.max(most, DiskBytes.own(root));
        } finally {
            stop.set(true);
            flipper.join();
        }
        assertTrue(most < 1 << 20, "counted " + most + " bytes: the host's files"); // the root's own: 500, or twice that across a move
    }
}
