package dev.lamina.engine.containers;

import dev.lamina.container.Volumes;
import dev.lamina.engine.volumes.NamedVolumes;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A volume mounted by a new container gets what the image has at the mount's path
 * when the volume is empty, as moby's create does (named or anonymous, `-v` or
 * `--mount type=volume`; not with `nocopy`): the files, and the directory's own mode,
 * owner and time. Postgres' or nginx's images rely on it for a fresh named volume.
 * The copy is made in a directory of the engine's own beside the volume's data, then
 * renamed into it: a container already using the volume can change its files at any
 * moment, and a link it puts where the copy is writing would lead the copy out.
 */
final class VolumeFill {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String STAGING = "_fill";

    private VolumeFill() {}

    /** Fills each volume among {@code binds} (NAME:PATH[:OPTIONS]) that is empty from {@code rootfs}. */
    static void fromImage(Path rootfs, List<String> binds, NamedVolumes volumes) throws IOException {
        for (String bind : binds) {
            String[] p = bind.split(":", -1);
            if (bind.startsWith("/") || p.length < 2 || (p.length > 2 && List.of(p[2].split(",")).contains("nocopy"))) continue;
            Path data = volumes.checkName(p[0]);
            // A volume binding a host directory of the user's (o=bind) is left as it is.
            if (Files.isDirectory(data, NOFOLLOW) && volumes.hostPath(p[0]).equals(data)) fill(rootfs, p[1], data);
        }
    }

    /** One at a time: two creates filling one new volume would copy into each other's files. */
    private static synchronized void fill(Path rootfs, String path, Path data) throws IOException {
        Path from = rootfs.resolve(Volumes.inRoot(rootfs, path).replaceFirst("^/+", ""));
        if (!Files.isDirectory(from, NOFOLLOW) || !empty(data)) return;
        Path staging = data.resolveSibling(STAGING);
        Trees.delete(staging); // one a killed engine left
        try {
            copy(from, staging);
            try (DirectoryStream<Path> made = Files.newDirectoryStream(staging)) {
                for (Path each : made) moveInto(each, data);
            }
            attributes(from, data);
        } finally {
            Trees.delete(staging);
        }
    }

    /**
     * A rename, which never follows a link the volume has by then. A directory moved needs
     * write access (its `..` changes): one without it gets it here, and keeps it, as nothing
     * may name it again once it is in the volume (a container could have swapped it for a link).
     */
    private static void moveInto(Path each, Path data) throws IOException {
        if (!Trees.ROOT && Files.isDirectory(each, NOFOLLOW)) {
            int mode = (Integer) Files.getAttribute(each, "unix:mode", NOFOLLOW);
            if ((mode & 0200) == 0) Files.setAttribute(each, "unix:mode", mode | 0200, NOFOLLOW);
        }
        Files.move(each, data.resolve(each.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean empty(Path dir) throws IOException {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            return !d.iterator().hasNext();
        }
    }

    /**
     * Copies what the directory {@code from} holds into the new directory {@code to}: files, directories
     * and symlinks with their owners, modes and times; links are copied as links, never followed.
     */
    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Files.createDirectory(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path copy = to.resolve(from.relativize(file).toString());
                // Owners (or their attribute) and modes come along; devices and fifos do not.
                if (a.isRegularFile() || a.isSymbolicLink()) Files.copy(file, copy, NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                if (!dir.equals(from)) attributes(dir, to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A directory's owner (or owner attribute), mode and time, onto another. */
    private static void attributes(Path from, Path to) throws IOException {
        Trees.copyOwnerAndMode(from, to);
        Files.setLastModifiedTime(to, Files.getLastModifiedTime(from, NOFOLLOW));
    }
}
