package dev.lamina.rootfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The files a container's root shares with the image store, by identity
 * ({@code st_dev}, {@code st_ino}): the root is made of hard links to the image's
 * files, and the kernel copies one of them up before any change. Known by
 * identity rather than by link count, so that hard links a guest makes among
 * its own files stay one file. Written beside the root when it is made (little-endian
 * pairs of 64-bit numbers), read by the kernel.
 */
public final class SharedInodes {
    private static final int PAIR = 16;

    /** Sorted by dev, then ino. */
    private final long[] pairs;

    private SharedInodes(long[] pairs) {
        this.pairs = pairs;
    }

    /** Collects identities, in any order and with repeats. */
    public static final class Builder {
        private long[] pairs = new long[256];
        private int n;

        private Builder() {}

        public Builder add(long dev, long ino) {
            if (n + 2 > pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
            pairs[n++] = dev;
            pairs[n++] = ino;
            return this;
        }

        public SharedInodes build() {
            Integer[] order = new Integer[n / 2];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> {
                int c = Long.compareUnsigned(pairs[2 * a], pairs[2 * b]);
                return c != 0 ? c : Long.compareUnsigned(pairs[2 * a + 1], pairs[2 * b + 1]);
            });
            long[] sorted = new long[n];
            for (int i = 0; i < order.length; i++) {
                sorted[2 * i] = pairs[2 * order[i]];
                sorted[2 * i + 1] = pairs[2 * order[i] + 1];
            }
            return new SharedInodes(sorted);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the file with this identity is the image store's. */
    public boolean contains(long dev, long ino) {
        return links(dev, ino) > 0;
    }

    /**
     * How many names the file has in the image (it is listed once per name the root was
     * made with, hard links of the image's own each adding one): the link count a guest
     * sees, whatever links the store and other containers add on the host. 0: not listed.
     */
    public int links(long dev, long ino) {
        int lo = 0, hi = pairs.length / 2; // the first entry not below (dev, ino)
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(mid, dev, ino) < 0) lo = mid + 1;
            else hi = mid;
        }
        int n = 0;
        while (lo + n < pairs.length / 2 && compare(lo + n, dev, ino) == 0) n++;
        return n;
    }

    private int compare(int entry, long dev, long ino) {
        int c = Long.compareUnsigned(pairs[2 * entry], dev);
        return c != 0 ? c : Long.compareUnsigned(pairs[2 * entry + 1], ino);
    }

    public int size() {
        return pairs.length / 2;
    }

    /** Writes the set to {@code file} (aside, then renamed into place). */
    public void write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(pairs.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : pairs) b.putLong(v);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, b.array());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The set {@link #write} wrote. */
    public static SharedInodes read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length % PAIR != 0) throw new IOException(file + ": not a list of shared files");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Builder out = builder();
        while (b.hasRemaining()) out.add(b.getLong(), b.getLong());
        return out.build();
    }
}
