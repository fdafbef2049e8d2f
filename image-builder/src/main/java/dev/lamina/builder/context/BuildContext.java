package dev.lamina.builder.context;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** A build context extracted into a directory, with its .dockerignore and COPY/ADD source lookup. */
public final class BuildContext implements AutoCloseable {

    private BuildContext() {}

    /**
     * Extracts a context tar (plain, gzip, bzip2 or xz) into {@code dir}, which must be
     * empty or absent; refuses hostile entries and more than {@code maxBytes} of content.
     */
    public static BuildContext extract(InputStream tar, Path dir, long maxBytes) {
        throw new UnsupportedOperationException("not yet");
    }

    public Path dir() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The named Dockerfile's text (null or "" for "Dockerfile", falling back to "dockerfile"). */
    public String dockerfile(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    public DockerIgnore ignore() {
        throw new UnsupportedOperationException("not yet");
    }

    /** COPY/ADD sources as the classic builder finds them; a pattern matching nothing is an error. */
    public List<Source> resolve(List<String> patterns) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The build cache key of a source: sha256 over names, modes, link targets and contents. */
    public String contentDigest(Source source) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Deletes the extracted directory. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
