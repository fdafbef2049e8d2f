package dev.lamina.container;

import dev.lamina.image.IoMessages;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** A container's own root made from its image's. */
public final class ContainerRoot {
    /** The empty file at the root of every Docker container (as dockerd makes it: 0755, in no image). */
    public static final String DOCKERENV = ".dockerenv";
    /** The files of /etc the kernel serves over the image's, as Docker binds its own over them. */
    public static final Set<String> KERNEL_FILES = Set.of("hosts", "hostname", "resolv.conf");
    /** /etc's name of the link to /proc/mounts Docker's init layer holds. */
    public static final String MTAB = "mtab";
    /**
     * The mount points of Docker's init layer (moby's daemon/initlayer) outside /etc, made where
     * the image has nothing of the name: directories, and /dev/console an empty file. The
     * kernel serves its own /dev, /proc and /sys over them; `docker export` shows them as
     * dockerd's does, `docker diff` and commits leave them out.
     */
    public static final List<String> INIT_DIRECTORIES = List.of("dev/pts", "dev/shm", "proc", "sys");
    public static final String CONSOLE = "dev/console";

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
            RootLinks.share(store.root(image), rootfs).write(sharedInodes(rootfs));
            SpecialFiles.make(rootfs, store.rootMetadata(image).specialFiles());
            initLayer(rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the container's root: " + IoMessages.describe(e), e);
        }
    }

    /**
     * What Docker's init layer puts in every container, where the image has nothing of the
     * name: /.dockerenv (Docker's mark of a container, which programs look for), in /etc the
     * files the kernel serves over the image's (Docker binds its own over them), so that
     * listing /etc shows them, and /etc/mtab as a link to /proc/mounts; the mount points of
     * {@link #INIT_DIRECTORIES} and {@link #CONSOLE}. A directory on the way that is not a
     * directory of the image's own (a symlink a hostile image holds) is left alone, and what
     * lies below it.
     */
    private static void initLayer(Path rootfs) throws IOException {
        makeFile(rootfs.resolve(DOCKERENV));
        Path etc = rootfs.resolve("etc");
        if (Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)) {
            for (String name : KERNEL_FILES) makeFile(etc.resolve(name));
            Path mtab = etc.resolve(MTAB);
            if (!Files.exists(mtab, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(mtab, Path.of("/proc/mounts"));
        }
        for (String dir : INIT_DIRECTORIES) {
            Path p = rootfs.resolve(dir);
            if (directoriesUpTo(rootfs, p) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) makeDirectory(p);
        }
        Path console = rootfs.resolve(CONSOLE);
        if (directoriesUpTo(rootfs, console)) makeFile(console);
    }

    /** Whether every directory between {@code rootfs} and {@code path} is a real one, made (0755) where missing. */
    private static boolean directoriesUpTo(Path rootfs, Path path) throws IOException {
        Path d = rootfs;
        for (Path name : rootfs.relativize(path.getParent())) {
            d = d.resolve(name); // the root itself for an empty name
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) makeDirectory(d);
            else if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) return false;
        }
        return true;
    }

    /** A directory of mode 0755 (as dockerd makes its init layer's, whatever the umask). */
    private static void makeDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** An empty file of mode 0755 (as dockerd makes its init layer's), unless something has the name. */
    private static void makeFile(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /**
     * Makes {@code dir}, where container roots are made, and keeps it to the user running
     * Lamina (0700): a root holds files with the modes its guests gave them, set-user-id
     * root programs included, which another host user reaching them could run as root.
     */
    public static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Where the identities of a root's files shared with the image are kept: beside it, out of the guest's reach. */
    public static Path sharedInodes(Path rootfs) {
        return rootfs.resolveSibling(rootfs.getFileName() + ".shared-inodes");
    }
}
