package dev.lamina.cli;

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
 * The build context `lamina build` sends, as the docker CLI makes it: the directory's
 * files, directories and symlinks (never followed) in name order, less what its
 * .dockerignore excludes (the Dockerfile and .dockerignore always go); a Dockerfile
 * from outside the directory goes in under a name of its own.
 */
final class ContextArchive {
    /** The name a Dockerfile from outside the context gets in it. */
    private static final String OUTSIDE_DOCKERFILE = ".lamina-build-Dockerfile";

    private ContextArchive() {}

    /** Writes the context of {@code dir} to {@code tar}; returns the Dockerfile's name in it. */
    static String write(Path dir, Path dockerfile, Path tar) throws IOException {
        Path root = dir.toRealPath();
        Path real = dockerfile.toRealPath();
        String name = real.startsWith(root) && !real.equals(root) ? root.relativize(real).toString() : null;
        Path ignoreFile = root.resolve(".dockerignore");
        DockerIgnore ignore = DockerIgnore.parse(Files.isRegularFile(ignoreFile) ? Files.readString(ignoreFile) : "");
        try (OutputStream out = Files.newOutputStream(tar); TarWriter w = new TarWriter(out)) {
            add(w, root, "", ignore, name);
            if (name == null) {
                try (InputStream in = Files.newInputStream(real)) {
                    w.entry(entry(OUTSIDE_DOCKERFILE, TarEntry.Type.FILE, real, Files.size(real), ""), in);
                }
                // As the docker CLI does: the added Dockerfile and this file are left out of what COPY sees.
                byte[] rules = ((Files.isRegularFile(ignoreFile) ? Files.readString(ignoreFile) + "\n" : "") + ".dockerignore\n"
                        + OUTSIDE_DOCKERFILE + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                w.entry(new TarEntry(".dockerignore", TarEntry.Type.FILE, 0644, 0, 0, rules.length, "", System.currentTimeMillis() / 1000,
                        0, 0, Map.of()), new java.io.ByteArrayInputStream(rules));
            }
        }
        return name == null ? OUTSIDE_DOCKERFILE : name;
    }

    private static void add(TarWriter w, Path dir, String rel, DockerIgnore ignore, String dockerfile) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path p : children) {
            String name = rel.isEmpty() ? p.getFileName().toString() : rel + "/" + p.getFileName();
            // .dockerignore goes as it is, unless a Dockerfile from outside is added to it (then it is written after).
            if (name.equals(".dockerignore") && dockerfile == null) continue;
            boolean kept = name.equals(dockerfile) || name.equals(".dockerignore") || !ignore.excluded(name);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isDirectory()) {
                if (kept) w.entry(entry(name, TarEntry.Type.DIRECTORY, p, 0, ""), null);
                add(w, p, name, ignore, dockerfile); // an exception (!pattern) may keep files of an excluded directory
            } else if (!kept) {
                continue;
            } else if (a.isSymbolicLink()) {
                w.entry(entry(name, TarEntry.Type.SYMLINK, p, 0, Files.readSymbolicLink(p).toString()), null);
            } else if (a.isRegularFile()) {
                try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                    w.entry(entry(name, TarEntry.Type.FILE, p, a.size(), ""), in);
                }
            }
        }
    }

    private static TarEntry entry(String name, TarEntry.Type type, Path p, long size, String link) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        long mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
        return new TarEntry(name, type, mode, 0, 0, size, link, mtime, 0, 0, Map.of());
    }
}
