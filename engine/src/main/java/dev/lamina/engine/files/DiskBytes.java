package dev.lamina.engine.files;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** What a container's root or a volume takes on disk, as `docker ps -s`, `system df` and the prunes count it. */
public final class DiskBytes {
    /** Deeper directories are not counted: a descriptor is held for each level. */
    private static final int DEPTH_MAX = 1024;

    private DiskBytes() {}

    /**
     * Bytes of the regular files under {@code dir} that are its own: those with one link, where a
     * container's root shares its image's files by hard links. 0 for a directory that is not there;
     * a file removed during the walk is not counted. Walked by descriptors, never through a symlink:
     * a running guest that swaps a directory for a link to the host's / meanwhile (which a walk by
     * paths followed) only hides what was under it.
     */
    public static long own(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        try (RootFiles files = new RootFiles(dir)) {
            int top = files.directoryWithoutLinks("");
            try {
                return own(files, top, 0);
            } finally {
                files.close(top);
            }
        } catch (HostError | IllegalArgumentException e) {
            return 0; // the directory gone, or unreadable
        }
    }

    private static long own(RootFiles files, int dir, int depth) {
        long total = 0;
        try {
            for (String name : files.list(dir)) {
                FileStat st = files.lstat(dir, name);
                if (st == null) continue; // gone meanwhile
                if (st.regular() && st.nlink() == 1) total += st.size();
                if (!st.directory() || depth >= DEPTH_MAX) continue;
                int sub = files.openOrNull(dir, name, RootFiles.DIRECTORY);
                if (sub < 0) continue; // gone, or no longer a directory
                try {
                    total += own(files, sub, depth + 1);
                } finally {
                    files.close(sub);
                }
            }
        } catch (HostError e) {
            // a directory removed during the walk: what was counted stands
        }
        return total;
    }
}
