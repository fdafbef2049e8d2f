package dev.lamina.image.store;

import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Images kept without a name: a build's result when it was given no tag (Docker's
 * dangling image) and each step a build may answer from its cache later. One empty
 * file per manifest, named by its digest and the reason (HEX.UNTAGGED), so that holds
 * made at once never rewrite each other and a listing of the directory is all of them.
 */
final class HeldImages {
    private final Path dir;

    HeldImages(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** An image held for both reasons lists as UNTAGGED and, once named, stays a build step. */
    void hold(Digest manifest, HoldReason reason) throws IOException {
        Path f = file(manifest, reason);
        if (!Files.exists(f)) Files.createFile(f);
    }

    void release(Digest manifest) throws IOException {
        for (HoldReason r : HoldReason.values()) Files.deleteIfExists(file(manifest, r));
    }

    /** Lets go of one kind of hold only. */
    void release(Digest manifest, HoldReason reason) throws IOException {
        Files.deleteIfExists(file(manifest, reason));
    }

    /** Whether anything holds the image. */
    boolean holds(Digest manifest) {
        for (HoldReason r : HoldReason.values()) if (Files.exists(file(manifest, r))) return true;
        return false;
    }

    private Path file(Digest manifest, HoldReason reason) {
        return dir.resolve(manifest.hex() + "." + reason.name());
    }

    /** Every hold; a file that is not one (left by another version, or a user's) is ignored. */
    Map<Digest, HoldReason> all() throws IOException {
        Map<Digest, HoldReason> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                int dot = name.indexOf('.');
                if (dot != 64 || !name.substring(0, 64).matches("[0-9a-f]{64}")) continue;
                try {
                    HoldReason r = HoldReason.valueOf(name.substring(65));
                    out.merge(new Digest(name.substring(0, 64)), r, (a, b) -> a == HoldReason.UNTAGGED ? a : b);
                } catch (IllegalArgumentException e) {
                    // not a hold
                }
            }
        }
        return out;
    }
}
