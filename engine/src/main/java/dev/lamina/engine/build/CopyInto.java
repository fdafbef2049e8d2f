package dev.lamina.engine.build;

import dev.lamina.builder.context.GoPath;
import dev.lamina.builder.context.Source;
import dev.lamina.builder.context.SourceFile;
import dev.lamina.container.ContainerUser;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.files.ContainerArchives;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a COPY's or ADD's sources into the step's container, by Docker's rules for the
 * destination: a directory source gives its contents; a file goes into the destination
 * when that ends with "/" or "/." or is a directory (symlinks followed inside the root), else
 * becomes it; missing directories are made (0755). ADD extracts a local tar archive
 * (plain, gzip, zstd, bzip2 or xz) into the destination directory, its owners kept unless --chown.
 * Everything goes through the engine's `docker cp` extraction, which resolves names
 * inside the root and never writes into a file shared with the image.
 */
final class CopyInto {
    private CopyInto() {}

    /** Makes directory {@code dir} (absolute) with any missing parents, 0755 and root's, as WORKDIR makes it; false when it is one. */
    static boolean makeDirectory(ContainerArchives archives, Container c, String dir, Path work) {
        String rel = relative(dir);
        if (rel.isEmpty() || archives.isDirectory(c, "/" + rel)) return false;
        try {
            Path tar = Files.createTempFile(work, "workdir-", ".tar");
            try (OutputStream o = Files.newOutputStream(tar); SourceArchive a = new SourceArchive(o, null, false)) {
                a.directory(rel);
            }
            archives.extractForBuild(c, "/", tar, null, false);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(ContainerArchives archives, Container c, CopySources sources, String dest, boolean add, ContainerUser owner,
                     Integer chmod, Path work) {
        try {
            String destRel = relative(dest);
            boolean anyDirectory = sources.list().stream().anyMatch(Source::directory);
            boolean intoDirectory = dest.endsWith("/") || dest.endsWith("/.") || anyDirectory || destRel.isEmpty()
                    || archives.isDirectory(c, "/" + destRel);
            Map<Path, Path> archivesToUnpack = new LinkedHashMap<>(); // a source, and the tar to extract for it
            Path tar = Files.createTempFile(work, "copy-", ".tar");
            boolean keepOwners = owner == null && sources.context().keepsOwners(); // COPY --from without --chown
            try (OutputStream o = Files.newOutputStream(tar); SourceArchive a = new SourceArchive(o, chmod, keepOwners)) {
                for (Source s : sources.list()) {
                    Path unpack = add && !s.directory() ? AddArchive.tar(s.hostPath(), work) : null;
                    if (unpack != null) archivesToUnpack.put(s.hostPath(), unpack);
                }
                // The destination directory, made when missing (ADD unpacks into it even without a trailing /).
                if ((intoDirectory || !archivesToUnpack.isEmpty()) && !destRel.isEmpty() && !archives.isDirectory(c, "/" + destRel))
                    a.directory(destRel);
                for (Source s : sources.list()) {
                    if (s.directory()) {
                        for (SourceFile f : sources.context().files(s))
                            if (!f.path().isEmpty()) a.add(f, join(destRel, f.path()));
                    } else if (archivesToUnpack.containsKey(s.hostPath())) continue;
                    else {
                        String to = intoDirectory ? join(destRel, s.relPath().substring(s.relPath().lastIndexOf('/') + 1)) : destRel;
                        for (SourceFile f : sources.context().files(s)) a.add(f, f.path().isEmpty() ? to : join(to, f.path()));
                    }
                }
            }
            archives.extractForBuild(c, "/", tar, owner, keepOwners);
            for (Path t : archivesToUnpack.values()) archives.extractForBuild(c, "/" + destRel, t, owner, owner == null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An absolute destination as a path from the root: "." dropped, ".." stopping at the root. */
    private static String relative(String dest) {
        return GoPath.clean("/" + dest).substring(1);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
