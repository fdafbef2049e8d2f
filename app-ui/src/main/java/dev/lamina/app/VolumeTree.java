package dev.lamina.app;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A named volume's files, read as `docker cp` reads a container's: each call creates a
 * helper container from Lamina's built-in image (no registry needed) that mounts the
 * volume read-only, never starts it, reads through the archive API, and removes it,
 * so nothing is left holding the volume. Read only: no upload.
 */
public record VolumeTree(Docker docker, ContainerFiles files, String volume) implements FileTree {
    /** The image the helper is made from: built into Lamina, nothing to pull. */
    static final String HELPER_IMAGE = "localhost/lamina/default";
    /** The label that marks a helper, its value the volume. */
    public static final String LABEL = "dev.lamina.app.volume-browser";
    /** Where the helper mounts the volume. */
    private static final String MOUNT = "/volume";

    @Override
    public ContainerFiles.Listing list(String dir) throws IOException {
        ContainerFiles.Listing l = withHelper(id -> files.list(id, inHelper(dir)));
        String path = l.path();
        if (!path.equals(MOUNT) && !path.startsWith(MOUNT + "/")) throw new IOException(dir + " leads out of the volume (to " + path + ")");
        return new ContainerFiles.Listing(path.equals(MOUNT) ? "/" : path.substring(MOUNT.length()), l.entries());
    }

    @Override
    public void download(String path, Path target) throws IOException {
        withHelper(id -> {
            files.download(id, inHelper(path), target);
            return null;
        });
    }

    @Override
    public void downloadTar(String path, Path target) throws IOException {
        withHelper(id -> {
            files.downloadTar(id, inHelper(path), target);
            return null;
        });
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public void upload(String dir, Path file) throws IOException {
        throw new IOException("volume " + volume + " is shown read-only");
    }

    private static String inHelper(String path) {
        String p = ContainerPaths.normalize(path);
        return p.equals("/") ? MOUNT : MOUNT + p;
    }

    private interface Read<T> {
        T read(String helperId) throws IOException;
    }

    private <T> T withHelper(Read<T> read) throws IOException {
        String id;
        try {
            id = docker.client().createContainerCmd(HELPER_IMAGE)
                    .withCmd("true")
                    .withLabels(Map.of(LABEL, volume))
                    .withNetworkDisabled(true)
                    .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume(MOUNT), AccessMode.ro)))
                    .exec().getId();
        } catch (NotFoundException e) {
            throw new IOException("this engine has no image " + HELPER_IMAGE + " (Lamina's built-in image), "
                    + "which browsing a volume uses: " + e.getMessage(), e);
        }
        try {
            return read.read(id);
        } finally {
            docker.client().removeContainerCmd(id).withForce(true).exec();
        }
    }
}
