package dev.lamina.image.layer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.store.Trees;
import dev.lamina.image.testing.TarBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile layer ten times as large costs about ten times as much to unpack: the
 * unpacker's bookkeeping must stay linear in the entries (wide and deep directories,
 * implicit parents listed later, repeated entries of every kind, directories replaced
 * with their children). Compared within one run, never against a clock.
 */
class HostileLayerScalingTest {
    private static final Limits LIMITS = new Limits(1L << 40, 1000, 100_000_000);
    /** Entries in one group of {@link HostileLayer}. */
    private static final int GROUP = 7;

    @TempDir
    Path dir;

    /** tmpfs where there is one: this VM's ext4 spends up to 1 ms making a file, which would measure the disk. */
    private Path scratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : dir, "lamina-scaling");
    }

    @Test
    void tenTimesTheEntriesCostAtMostThirtyTimesTheTime() throws IOException {
        unpack(20_000); // warm-up: the JIT compiles the reader and unpacker
        long small = unpack(20_000);
        long large = unpack(200_000);
        double ratio = (double) large / small;
        System.out.printf("hostile layer: 20000 entries %.1f ms (%.2f us/entry), 200000 entries %.1f ms (%.2f us/entry), ratio %.1f%n",
                small / 1e6, small / 1e3 / 20_000, large / 1e6, large / 1e3 / 200_000, ratio);
        assertTrue(ratio < 30, "200,000 entries took " + ratio + " times as long as 20,000");
    }

    /** Unpacks a hostile layer of about {@code entries} entries into a fresh directory; returns the nanoseconds taken. */
    private long unpack(int entries) throws IOException {
        Path root = Files.createDirectory(scratch().resolve("root"));
        try {
            long start = System.nanoTime();
            try (InputStream in = new HostileLayer(entries / GROUP)) {
                LayerUnpacker.unpack(in, root, false, LIMITS);
            }
            return System.nanoTime() - start;
        } finally {
            Trees.delete(root.getParent());
        }
    }

    /** A tar stream made as it is read, group by group, so the large one needs no memory. */
    private static final class HostileLayer extends InputStream {
        private final int groups;
        private int group;
        private byte[] chunk = new byte[0];
        private int pos;

        HostileLayer(int groups) {
            this.groups = groups;
        }

        /** Seven entries, each shape a quadratic bookkeeping would pay for. */
        private static byte[] group(int g) {
            TarBuilder t = new TarBuilder()
                    .file("wide/f" + g, "")                                  // one directory, ever wider
                    .file("implicit/" + g + "/x/y/z/f", "")                  // four implicit parents
                    .dir("implicit/" + g + "/x")                             // ... one of them listed later
                    .file("replaced/" + g + "/child", "")
                    .file("replaced/" + g, "");                              // a directory and its child replaced
            String dup = "dup/" + g % 1000;                                  // the same names again and again
            switch (g / 1000 % 3) {
                case 0 -> t.file(dup, "");
                case 1 -> t.dir(dup);
                default -> t.symlink(dup, "/");
            }
            // Deep: a long name walking forty levels the tar made earlier.
            t.pax("path", "deep/" + g % 100 + "/" + "level/".repeat(40) + g).file("ignored", "");
            return t.unfinished();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == chunk.length) {
                if (group > groups) return -1;
                chunk = group < groups ? group(group) : new byte[1024]; // the end-of-archive blocks
                group++;
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
