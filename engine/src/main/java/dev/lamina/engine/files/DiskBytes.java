package dev.lamina.engine.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** What a container's root or a volume takes on disk, as `docker ps -s`, `system df` and the prunes count it. */
public final class DiskBytes {
    private DiskBytes() {}

    /**
     * Bytes of the regular files under {@code dir} that are its own: those with one link, where a
     * container's root shares its image's files by hard links. 0 for a directory that is not there;
     * a file removed during the walk is not counted.
     */
    public static long own(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,nlink,size", LinkOption.NOFOLLOW_LINKS);
                    if (((Integer) a.get("mode") & 0170000) == 0100000 && (Integer) a.get("nlink") == 1) total += (Long) a.get("size");
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a directory gone during the walk: what was counted stands
        }
        return total;
    }
}
