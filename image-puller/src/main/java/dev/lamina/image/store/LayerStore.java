package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.layer.CountingStream;
import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.layer.LayerUnpacker;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacked layers by diff id (the digest of the uncompressed tar) under
 * layers/HEX/: the files in root/, the rest in layer.json. Each layer is unpacked
 * once, whatever number of images share it.
 */
public final class LayerStore {
    static final String METADATA = "layer.json";
    /** The layer's tar length, uncompressed (what Docker shows as its size); absent in layers unpacked before it was kept. */
    private static final String SIZE = "tar-size";
    private final Path dir;
    private final Path tmp;
    private final OncePerDigest once;

    LayerStore(Path dir, Path tmp, OncePerDigest once) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.tmp = tmp;
        this.once = once;
    }

    public Path root(Digest diffId) { return dir.resolve(diffId.hex()).resolve("root"); }

    public boolean has(Digest diffId) { return Files.isRegularFile(dir.resolve(diffId.hex()).resolve(METADATA)); }

    /** The layer's uncompressed tar length; -1 when it is not known. */
    public long size(Digest diffId) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(diffId.hex()).resolve(SIZE)).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    public LayerMetadata metadata(Digest diffId) throws IOException {
        Path file = dir.resolve(diffId.hex()).resolve(METADATA);
        try {
            return LayerMetadata.fromJson(Files.readAllBytes(file));
        } catch (JsonException e) {
            throw StoreDamage.of(file, e, "remove " + file.getParent() + ", then pull, load or import the image again");
        }
    }

    /**
     * Unpacks the layer blob at {@code blob} unless a layer with {@code diffId} is
     * already here. The uncompressed stream is hashed as it is unpacked and must match.
     */
    public void unpack(Path blob, Digest diffId, Limits limits) throws IOException {
        once.run("layer", diffId, () -> has(diffId), () -> {
            Digest actual = unpackAside(blob, limits, diffId);
            if (!actual.equals(diffId)) throw new ImageException("uncompressed content is " + actual + ", but the config says " + diffId);
        });
    }

    /** Starts a download and hands its bytes to the unpacker as they arrive. */
    public interface Download {
        void run(StreamUnpacker unpacker) throws IOException;
    }

    /** Unpacks the compressed layer stream it is given. */
    public interface StreamUnpacker {
        void unpack(InputStream compressed) throws IOException;
    }

    /**
     * Unpacks layer {@code diffId} while its blob downloads, so the two overlap. The
     * unpacked tree is published only after {@code download} returns, which it does
     * only once the blob is verified; if the download never streamed (it resumed a
     * partial file), nothing is unpacked here and {@link #unpack} does it later.
     */
    public void unpackWhileDownloading(Digest diffId, Limits limits, Download download) throws IOException {
        once.run("layer", diffId, () -> has(diffId), () -> {
            Path work = Files.createTempDirectory(tmp, "layer-");
            try {
                Digest[] unpacked = {null};
                download.run(compressed -> unpacked[0] = unpackInto(work, compressed, limits, diffId.shortId()));
                if (unpacked[0] == null) return;
                if (!unpacked[0].equals(diffId))
                    throw new ImageException("uncompressed content is " + unpacked[0] + ", but the config says " + diffId);
                AtomicFiles.publish(work, dir.resolve(diffId.hex()));
            } finally {
                Trees.delete(work);
            }
        });
    }

    /** Unpacks a layer whose diff id is not known in advance (an imported root file system); returns it. */
    public Digest unpackImported(Path blob, Limits limits, String label) throws IOException {
        try {
            return unpackAside(blob, limits, null);
        } catch (ImageException e) {
            throw new ImageException(label + ": " + e.getMessage());
        }
    }

    private Digest unpackAside(Path blob, Limits limits, Digest expected) throws IOException {
        Path work = Files.createTempDirectory(tmp, "layer-");
        try {
            Digest diffId;
            try (InputStream raw = Files.newInputStream(blob)) {
                diffId = unpackInto(work, raw, limits, expected != null ? expected.shortId() : "being imported");
            }
            if (expected != null && !expected.equals(diffId)) return diffId;
            AtomicFiles.publish(work, dir.resolve(diffId.hex()));
            return diffId;
        } finally {
            Trees.delete(work);
        }
    }

    /** Unpacks a compressed layer stream into work/root and work/layer.json; returns the diff id. */
    private static Digest unpackInto(Path work, InputStream compressed, Limits limits, String label) throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        MessageDigest md = Digest.sha256();
        LayerMetadata meta;
        // Decompressed on a thread of its own: hashing the tar and making its files overlap with it.
        long length;
        try (CountingStream counted = new CountingStream(new ReadAhead(Decompression.open(compressed, limits, label), "lamina-inflate-" + label));
             InputStream tar = new DigestInputStream(counted, md)) {
            meta = LayerUnpacker.unpack(tar, root, Trees.ROOT, limits);
            tar.transferTo(java.io.OutputStream.nullOutputStream()); // the rest of the tar stream counts in the diff id
            length = counted.count;
        }
        Files.writeString(work.resolve(SIZE), Long.toString(length));
        Files.write(work.resolve(METADATA), meta.toJson());
        AtomicFiles.fsync(work.resolve(METADATA));
        return Digest.of(md);
    }

    List<Digest> all() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).map(Digest::new).toList();
        }
    }

    void remove(Digest diffId) throws IOException {
        Trees.delete(dir.resolve(diffId.hex()));
    }
}
