package dev.lamina.builder.context;

import dev.lamina.image.layer.LayerMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** COPY/ADD source lookup in an extracted context (moby's copier.calcCopyInfo). */
final class Sources {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;
    /** Owners the tree's files have besides the host's, by path (an image root's, where the engine could not give them). */
    private final Map<String, LayerMetadata.Owner> owners;

    Sources(Path root, Map<String, LayerMetadata.Owner> owners) {
        this.root = root;
        this.owners = owners;
    }

    /** The sources a pattern names: none when a wildcard matches nothing (BuildContext decides). */
    List<Source> resolve(String pattern) {
        String path = pattern;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (!GoPath.hasWildcards(path)) {
            return List.of(source(pattern, path));
        }
        Pattern glob;
        try {
            glob = GoPath.glob(path);
        } catch (IllegalArgumentException e) {
            throw new BuildContextException(e.getMessage() + ": " + pattern);
        }
        List<Source> out = new ArrayList<>();
        for (String rel : allPaths()) {
            if (glob.matcher(rel).matches()) {
                out.add(source(pattern, rel));
            }
        }
        return out;
    }

    /** A path without wildcards: ".." and symlinks resolved inside the context. */
    private Source source(String pattern, String path) {
        String literal = GoPath.clean("/" + path).substring(1);
        Path host = ScopedPath.resolve(root, literal);
        if (!Files.exists(host, NOFOLLOW)) {
            // moby's words: the client applied .dockerignore before sending
            throw new BuildContextException("file not found in build context or excluded by .dockerignore: stat "
                    + (path.isEmpty() ? "." : path) + ": file does not exist");
        }
        return new Source(pattern, host, literal, Files.isDirectory(host, NOFOLLOW));
    }

    /** Every path of the context ("/"-separated, sorted), symlinks not followed. */
    private List<String> allPaths() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(this::relative).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String relative(Path host) {
        return root.relativize(host).toString();
    }

    List<SourceFile> files(Source source) {
        Path host = source.hostPath();
        if (!host.startsWith(root)) {
            throw new IllegalArgumentException("not a source of this context: " + host);
        }
        List<SourceFile> out = new ArrayList<>();
        if (!source.directory()) {
            out.add(file("", host));
            return out;
        }
        out.add(file("", host));
        walk(host, "", out);
        return List.copyOf(out);
    }

    /** A directory's entries, sorted, not following symlinks. */
    private void walk(Path dir, String under, List<SourceFile> out) {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path child : children) {
            String path = under.isEmpty() ? child.getFileName().toString() : under + "/" + child.getFileName();
            SourceFile file = file(path, child);
            out.add(file);
            if (file.kind() == SourceFile.Kind.DIRECTORY) walk(child, path, out);
        }
    }

    /** This process's ids: an engine that is not root owns every file it made, and its files are root's inside (the
     * other owners are in the tree's metadata, {@link #owners}). */
    private static final long ENGINE_UID = ownId("uid"), ENGINE_GID = ownId("gid");

    private static long ownId(String which) {
        try {
            return Integer.toUnsignedLong((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:" + which));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A host owner as the guest sees it: the engine's own ids, when it is not root, are root's. */
    private static long guestId(long host, long engine) { return engine != 0 && host == engine ? 0 : host; }

    private SourceFile file(String path, Path host) {
        try {
            Map<String, Object> a = Files.readAttributes(host, "unix:mode,isSymbolicLink,isDirectory,size,uid,gid", NOFOLLOW); // one lstat
            SourceFile.Kind kind = (Boolean) a.get("isSymbolicLink") ? SourceFile.Kind.SYMLINK
                    : (Boolean) a.get("isDirectory") ? SourceFile.Kind.DIRECTORY : SourceFile.Kind.FILE;
            int mode = kind == SourceFile.Kind.SYMLINK ? 0777 : (Integer) a.get("mode") & 07777;
            LayerMetadata.Owner owner = owners.getOrDefault(relative(host), new LayerMetadata.Owner(
                    guestId(Integer.toUnsignedLong((Integer) a.get("uid")), ENGINE_UID), guestId(Integer.toUnsignedLong((Integer) a.get("gid")), ENGINE_GID)));
            return new SourceFile(path, host, kind, mode, (Long) a.get("size"), owner.uid(), owner.gid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
