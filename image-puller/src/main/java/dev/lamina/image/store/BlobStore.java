package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * Blobs by digest under blobs/sha256/. A blob is only ever published under its name
 * after its bytes were hashed and matched, so a present blob is a correct one.
 */
public final class BlobStore {
    private final Path dir;
    private final Path tmp;
    private final Path downloads;
    private final OncePerDigest once;

    /** Fetches a blob into {@code partial}, resuming from what it holds; returns the digest of the whole file. */
    public interface Download {
        Digest into(Path partial) throws IOException;
    }

    BlobStore(Path dir, Path tmp, Path downloads, OncePerDigest once) throws IOException {
        this.dir = Files.createDirectories(dir.resolve("sha256"));
        this.tmp = tmp;
        this.downloads = Files.createDirectories(downloads);
        this.once = once;
    }

    /**
     * Downloads blob {@code d} unless present, once however many pulls want it. The
     * partial file survives an interrupted run, so the next one resumes it; content
     * that does not match {@code d} and {@code size} is deleted and refused.
     */
    public void download(Digest d, long size, Download work) throws IOException {
        once.run("blob", d, () -> has(d), () -> {
            Path partial = downloads.resolve(d.hex() + ".partial");
            Digest actual = work.into(partial);
            long got = Files.size(partial);
            if (!actual.equals(d) || got != size) {
                Files.deleteIfExists(partial);
                throw new ImageException(!actual.equals(d)
                        ? "blob " + d.shortId() + " does not match its digest: the registry sent content with digest " + actual
                        : "blob " + d.shortId() + " is " + got + " bytes; its descriptor says " + size);
            }
            adopt(partial, d);
        });
    }

    public Path path(Digest d) { return dir.resolve(d.hex()); }

    public boolean has(Digest d) { return Files.isRegularFile(path(d)); }

    public byte[] read(Digest d, int maxBytes) throws IOException {
        Path p = path(d);
        if (Files.size(p) > maxBytes) throw new ImageException("blob " + d + " is larger than " + maxBytes + " bytes");
        return Files.readAllBytes(p);
    }

    /** Stores {@code content}, checking it against {@code expected} when given; returns its digest. */
    public Digest put(byte[] content, Digest expected) throws IOException {
        Digest actual = Digest.of(content);
        if (expected != null && !expected.equals(actual))
            throw new ImageException("content does not match its digest: expected " + expected + ", got " + actual);
        if (!has(actual)) {
            Path t = Files.createTempFile(tmp, "blob-", ".tmp");
            Files.write(t, content);
            AtomicFiles.fsync(t);
            AtomicFiles.publish(t, path(actual));
        }
        return actual;
    }

    /**
     * Streams {@code in} into the store. With {@code expected} the bytes are checked
     * against that digest and size before the blob appears; a mismatch leaves nothing.
     */
    public Digest put(InputStream in, Digest expected, long expectedSize) throws IOException {
        Path t = Files.createTempFile(tmp, "blob-", ".tmp");
        try {
            MessageDigest md = Digest.sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(t, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                    if (expectedSize >= 0 && size > expectedSize)
                        throw new ImageException("blob " + expected + " is longer than the " + expectedSize + " bytes its descriptor gives");
                }
            }
            Digest actual = Digest.of(md);
            if (expected != null && !expected.equals(actual))
                throw new ImageException("blob " + expected + " does not match its digest (got " + actual + ")");
            if (expectedSize >= 0 && size != expectedSize)
                throw new ImageException("blob " + expected + " is " + size + " bytes; its descriptor says " + expectedSize + " (truncated?)");
            AtomicFiles.fsync(t);
            AtomicFiles.publish(t, path(actual));
            return actual;
        } finally {
            Files.deleteIfExists(t);
        }
    }

    /** Publishes a file already written and verified elsewhere in the store (a finished download). */
    void adopt(Path verified, Digest digest) throws IOException {
        AtomicFiles.fsync(verified);
        AtomicFiles.publish(verified, path(digest));
    }

    List<Digest> all() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).map(Digest::new).toList();
        }
    }

    void remove(Digest d) throws IOException {
        Files.deleteIfExists(path(d));
    }
}
