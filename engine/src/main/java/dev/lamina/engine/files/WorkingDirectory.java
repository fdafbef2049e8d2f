package dev.lamina.engine.files;

import java.nio.file.Path;

/** A container's working directory checked in its new root at the create, as moby's SetupWorkingDirectory does. */
public final class WorkingDirectory {
    private WorkingDirectory() {}

    /**
     * Whether {@code workdir} (absolute in the container) names something of the root that is not a directory, every
     * symlink followed inside the root: moby refuses such a create. A missing one is made at the start.
     */
    public static boolean namesAFile(Path rootfs, String workdir) {
        if (workdir == null || workdir.isEmpty()) return false;
        ContainerPath p = ContainerPath.parse(workdir);
        if (p.rel().isEmpty()) return false;
        try (RootFiles files = new RootFiles(rootfs)) {
            int fd = files.follow(p.rel());
            try {
                return !files.stat(fd).directory();
            } finally {
                files.close(fd);
            }
        } catch (HostError e) {
            return false; // missing, or under a file: the start says why
        }
    }
}
