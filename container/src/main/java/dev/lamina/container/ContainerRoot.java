package dev.lamina.container;

import dev.lamina.image.IoMessages;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A container's own root made from its image's. */
public final class ContainerRoot {
    /** The empty file at the root of every Docker container (as dockerd makes it: 0755, in no image). */
    public static final String DOCKERENV = ".dockerenv";

    private ContainerRoot() {}

    /**
     * Makes {@code rootfs} from the image's flattened root: directories made, files and
     * symlinks hard-linked (the kernel copies a file up before any change), with the
     * store held against removal meanwhile; the files linked are listed in
     * {@link #sharedInodes}, for the kernel. The image's device nodes and fifos are made
     * as the container's own files ({@link SpecialFiles}).
     */
    public static void share(ImageStore store, StoredImage image, Path rootfs) {
        try (StoreLock.Held ignored = store.using()) {
            Files.createDirectories(rootfs.getParent());
            Trees.share(store.root(image), rootfs).write(sharedInodes(rootfs));
            SpecialFiles.make(rootfs, store.rootMetadata(image).specialFiles());
            // Docker's mark of a container, which programs look for; the container's own file, not the image's.
            Path mark = rootfs.resolve(DOCKERENV);
            if (!Files.exists(mark, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                Files.createFile(mark, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the container's root: " + IoMessages.describe(e), e);
        }
    }

    /**
     * Makes {@code dir}, where container roots are made, and keeps it to the user running
     * Lamina (0700): a root holds files with the modes its guests gave them, set-user-id
     * root programs included, which another host user reaching them could run as root.
     */
    public static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Where the identities of a root's files shared with the image are kept: beside it, out of the guest's reach. */
    public static Path sharedInodes(Path rootfs) {
        return rootfs.resolveSibling(rootfs.getFileName() + ".shared-inodes");
    }
}
