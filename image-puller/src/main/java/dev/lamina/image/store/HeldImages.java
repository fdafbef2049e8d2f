package dev.lamina.image.store;

import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Images kept without a name: a build's result when it was given no tag (Docker's
 * dangling image) and each step a build may answer from its cache later. One small
 * file per manifest, named by its digest and holding the reason, so holds made at once
 * never rewrite each other.
 */
final class HeldImages {
    private final Path dir;
    private final Path tmp;

    HeldImages(Path dir, Path tmp) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.tmp = tmp;
    }

    void hold(Digest manifest, HoldReason reason) throws IOException {
        HoldReason now = all().get(manifest);
        if (now == HoldReason.UNTAGGED && reason == HoldReason.BUILD_STEP) return; // the listed hold stays listed
        AtomicFiles.write(dir.resolve(manifest.hex()), reason.name().getBytes(StandardCharsets.US_ASCII), tmp);
    }

    void release(Digest manifest) throws IOException {
        Files.deleteIfExists(dir.resolve(manifest.hex()));
    }

    /** Every hold; a file that is not one (damaged, or left by another version) is ignored. */
    Map<Digest, HoldReason> all() throws IOException {
        Map<Digest, HoldReason> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String hex = p.getFileName().toString();
                if (!hex.matches("[0-9a-f]{64}")) continue;
                try {
                    out.put(new Digest(hex), HoldReason.valueOf(Files.readString(p, StandardCharsets.US_ASCII).strip()));
                } catch (IllegalArgumentException | IOException e) {
                    // not a hold: skipped, and removed by no one (a user may look at it)
                }
            }
        }
        return out;
    }
}
