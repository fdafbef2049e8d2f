package dev.lamina.engine.build;

import dev.lamina.builder.context.DockerIgnore;
import dev.lamina.image.archive.TarWriter;
import dev.lamina.image.layer.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The tar a COPY or ADD extracts into the step's container: each source under the
 * name it gets there (relative to the root), in a stable order so the same sources
 * give the same layer. Files keep their permissions (or --chmod's) and times; symlinks
 * inside a copied directory are copied as symlinks, never followed; what .dockerignore
 * excludes is left out. Owners are not written: the extraction gives them.
 */
final class SourceArchive implements AutoCloseable {
    private final TarWriter tar;
    private final Integer chmod;

    SourceArchive(OutputStream out, Integer chmod) {
        this.tar = new TarWriter(out);
        this.chmod = chmod;
    }

    /** A file (or a symlink the source pattern named, already resolved) at {@code name}. */
    void file(Path host, String name) throws IOException {
        if (!Files.isRegularFile(host)) throw new BuildException("cannot copy " + name + ": not a regular file");
        try (InputStream in = Files.newInputStream(host)) {
            entry(name, TarEntry.Type.FILE, Attributes.of(host), Files.size(host), "", in);
        }
    }

    /** The destination directory a copy makes, as Docker makes it: 0755, root's. */
    void directory(String name) throws IOException {
        tar.entry(new TarEntry(name, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, "", System.currentTimeMillis() / 1000, 0, 0, Map.of()), null);
    }

    /**
     * The contents of directory {@code host} under {@code name} (not the directory itself,
     * as Docker copies a directory source); {@code contextRel} is its path in the build
     * context for .dockerignore, or null when it is not from the context.
     */
    void contents(Path host, String name, DockerIgnore ignore, String contextRel) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(host)) {
            children = s.sorted().toList();
        }
        for (Path child : children) {
            String base = child.getFileName().toString(), to = name + "/" + base;
            String rel = contextRel == null ? null : contextRel.isEmpty() ? base : contextRel + "/" + base;
            BasicFileAttributes a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Attributes at = Attributes.of(child);
            boolean excluded = rel != null && ignore != null && ignore.excluded(rel);
            if (a.isDirectory()) {
                // An excluded directory may still hold files an exception (!pattern) brings back.
                if (!excluded) entry(to, TarEntry.Type.DIRECTORY, at, 0, "", null);
                contents(child, to, ignore, rel);
            } else if (excluded) {
                continue;
            } else if (a.isSymbolicLink()) {
                entry(to, TarEntry.Type.SYMLINK, at, 0, Files.readSymbolicLink(child).toString(), null);
            } else if (a.isRegularFile()) {
                try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    entry(to, TarEntry.Type.FILE, at, a.size(), "", in);
                }
            } // sockets, fifos and devices in a context are not copied, as Docker skips them
        }
    }

    private void entry(String name, TarEntry.Type type, Attributes a, long size, String link, InputStream in)
            throws IOException {
        int mode = chmod != null && type != TarEntry.Type.SYMLINK ? chmod : a.mode;
        tar.entry(new TarEntry(name, type, mode, 0, 0, size, link, a.mtime, 0, 0, Map.of()), in);
    }

    /** What a source entry gives its copy: the mode's permission, set-id and sticky bits, and the modification time. */
    private record Attributes(int mode, long mtime) {
        static Attributes of(Path p) throws IOException {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            return new Attributes(mode, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000);
        }
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
