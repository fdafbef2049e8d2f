package dev.lamina.image.store;

import dev.lamina.image.ref.Digest;
import java.nio.file.Path;

/**
 * A layer written outside the store, ready to become part of an image
 * ({@link ChildImage#commit}): the blob at {@code file} (gzip-compressed tar) with its
 * digest and size, the digest of the uncompressed tar (the config's diff id), and
 * whether the tar holds no entry at all (then the image records an empty layer, as
 * Docker does, and the blob is not stored).
 */
public record LayerBlob(Path file, Digest digest, Digest diffId, long size, boolean empty) {
    /** The diff id of a tar without entries: its two zero blocks. */
    public static final Digest EMPTY_TAR = Digest.of(new byte[1024]);
}
