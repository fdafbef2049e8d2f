package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image store (and the container roots beside it) must keep apart Linux names that
 * differ only in case: alpine's linux-headers holds xt_MARK.h and xt_mark.h in one
 * directory, and a case-insensitive volume (a Mac's default APFS) would make them one
 * file, so an image would unpack wrong and a container would see other files than its
 * image has. Such a volume is refused with what to do instead, rather than kept apart
 * by renaming (which every path the kernel resolves would then have to undo).
 */
final class CaseSensitiveVolume {
    private CaseSensitiveVolume() {}

    /** Throws an ImageException when dir's volume finds a name in another case; probes with a file in scratch. */
    static void require(Path dir, Path scratch) throws IOException {
        Path probe = scratch.resolve("Case-Probe");
        Files.deleteIfExists(probe);
        Files.createFile(probe);
        try {
            if (Files.exists(scratch.resolve("case-probe")))
                throw new ImageException("Lamina's data (" + dir + ") is on a case-insensitive volume, where Linux names that "
                        + "differ only in case would be one file. Keep it on a case-sensitive one: on a Mac, "
                        + "`diskutil apfs addVolume disk1 'Case-sensitive APFS' Lamina`, then LAMINA_DATA_ROOT=/Volumes/Lamina");
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
