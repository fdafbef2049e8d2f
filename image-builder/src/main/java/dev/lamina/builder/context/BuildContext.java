package dev.lamina.builder.context;

import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build context extracted into a directory, and the COPY/ADD source lookup of the
 * classic builder. Every path it hands out is inside {@link #dir()}. Its .dockerignore is
 * the client's to apply (the docker CLI and docker-java filter what they send); as moby's,
 * the engine only takes the Dockerfile and the .dockerignore itself out when it names them.
 */
public final class BuildContext implements AutoCloseable {
    /** Entries in a context at most (each costs a file and some memory while extracting). */
    static final long MAX_ENTRIES = 1_000_000;

    private final Path dir;
    private final DockerIgnore ignore;
    private final Sources sources;
    /** Whether closing deletes the directory: an extracted context's, never a tree read in place. */
    private final boolean owned;
    /** The sha256 of regular files' contents by name, as extraction computed them (nothing changes them after). */
    private final Map<String, byte[]> contents;

    /** Whether a copy keeps its files' owners: a stage's or an image's root (COPY --from), not a client's context. */
    private final boolean keepsOwners;

    private BuildContext(Path dir, DockerIgnore ignore, boolean owned, Map<String, byte[]> contents, Map<String, LayerMetadata.Owner> owners,
                         boolean keepsOwners) {
        this.dir = dir;
        this.ignore = ignore;
        this.sources = new Sources(dir, owners);
        this.owned = owned;
        this.contents = contents;
        this.keepsOwners = keepsOwners;
    }

    /**
     * A tree already on disk read as a context, without .dockerignore: a finished stage's
     * or an image's root, for COPY --from, whose files keep their owners (the host's, or
     * those {@code owners} gives by path). Closing it leaves the tree as it is.
     */
    public static BuildContext over(Path dir, Map<String, LayerMetadata.Owner> owners) {
        return new BuildContext(dir, DockerIgnore.NONE, false, Map.of(), owners, true);
    }

    /** A tree already on disk read as a client's context would be (its files owned by root once copied). */
    public static BuildContext over(Path dir) {
        return new BuildContext(dir, DockerIgnore.NONE, false, Map.of(), Map.of(), false);
    }

    /** Whether copies from here keep the files' owners (COPY --from), else give root's or --chown's. */
    public boolean keepsOwners() { return keepsOwners; }

    /**
     * Extracts a context tar (plain, gzip, bzip2 or xz) into {@code dir}, which must be
     * empty or absent; refuses hostile entries and more than {@code maxBytes} of
     * uncompressed tar. On a refusal the partial directory is deleted.
     */
    public static BuildContext extract(InputStream tar, Path dir, long maxBytes) {
        return extract(tar, dir, new ContextTar.Limits(maxBytes, MAX_ENTRIES));
    }

    static BuildContext extract(InputStream tar, Path dir, ContextTar.Limits limits) {
        try {
            Files.createDirectories(dir);
            try (var listing = Files.list(dir)) {
                if (listing.findAny().isPresent()) {
                    throw new IllegalArgumentException("not an empty directory: " + dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Map<String, byte[]> contents = ContextTar.extract(tar, dir, limits);
            return new BuildContext(dir, readIgnore(dir), true, contents, Map.of(), false);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            if (e instanceof BuildContextException refused) {
                throw refused;
            }
            throw new BuildContextException("cannot read the build context: " + e.getMessage(), e);
        }
    }

    private static DockerIgnore readIgnore(Path dir) throws IOException {
        Path file = ScopedPath.resolve(dir, ".dockerignore");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return DockerIgnore.NONE;
        }
        return DockerIgnore.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public Path dir() {
        return dir;
    }

    /**
     * The named Dockerfile's text (null or "" for "Dockerfile", then "dockerfile" as moby
     * falls back to); the name is resolved inside the context, symlinks too.
     */
    public String dockerfile(String name) {
        boolean byDefault = name == null || name.isEmpty();
        String wanted = byDefault ? "Dockerfile" : name;
        Path file = ScopedPath.resolve(dir, wanted);
        if (byDefault && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            file = ScopedPath.resolve(dir, "dockerfile");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildContextException("Cannot locate specified Dockerfile: " + wanted);
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // moby's removeDockerfile: once read, the Dockerfile and .dockerignore leave the context if it names them
            for (Path named : List.of(ScopedPath.resolve(dir, ".dockerignore"), file)) {
                String rel = dir.relativize(named).toString();
                if (ignore.excluded(rel) && Files.deleteIfExists(named)) contents.remove(rel);
            }
            return text;
        } catch (IOException e) {
            throw new BuildContextException("cannot read the Dockerfile " + wanted + ": " + e.getMessage(), e);
        }
    }

    /**
     * COPY/ADD sources as the classic builder finds them: paths or globs from the context
     * root, ".." and symlinks kept inside it; a name that is not
     * there is an error, and so are wildcards that, all sources together, match nothing, with
     * moby's messages (the caller prefixes "COPY failed: "). One wildcard matching nothing
     * beside sources that match is no error, as in moby's classic builder.
     */
    public List<Source> resolve(List<String> patterns) {
        List<Source> out = new ArrayList<>();
        for (String pattern : patterns) {
            out.addAll(sources.resolve(pattern));
        }
        if (out.isEmpty()) {
            throw new BuildContextException("no source files were specified");
        }
        return List.copyOf(out);
    }

    /** What copying {@code source} copies, sorted; directories recursively. */
    public List<SourceFile> files(Source source) {
        return sources.files(source);
    }

    /** The build cache key of a source: "sha256:..." over names, kinds, modes, link targets and contents. */
    public String contentDigest(Source source) {
        return ContentDigest.of(files(source), keepsOwners, f -> contents.get(dir.relativize(f.hostPath()).toString()));
    }

    /** Deletes the extracted directory. */
    @Override
    public void close() {
        if (owned) delete(dir);
    }

    private static void delete(Path dir) {
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
