package dev.lamina.engine.build;

import dev.lamina.builder.context.BuildContext;
import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.builder.context.BuildContextException;
import dev.lamina.builder.context.Source;
import dev.lamina.builder.dockerfile.Heredoc;
import dev.lamina.builder.dockerfile.Instruction;
import dev.lamina.image.ref.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a COPY or ADD copies: its sources resolved in {@code context} (the build
 * context, honouring .dockerignore, or a stage's or image's root), and one digest over the
 * sources' names, modes and contents: the step's cache input and history text.
 */
record CopySources(BuildContext context, List<Source> list, String digest) {
    static CopySources of(BuildContext context, List<String> patterns, String kind) {
        try {
            List<Source> list = context.resolve(patterns);
            StringBuilder all = new StringBuilder();
            for (Source s : list) all.append(s.relPath()).append('\0').append(context.contentDigest(s)).append('\n');
            return new CopySources(context, list, Digest.of(all.toString().getBytes(StandardCharsets.UTF_8)).hex());
        } catch (BuildContextException e) {
            throw new BuildException(kind + " failed: " + e.getMessage());
        }
    }

    /** Sources in a finished stage's or an image's root: the same rules, without .dockerignore; owners kept. */
    static CopySources of(Path root, Map<String, LayerMetadata.Owner> owners, List<String> patterns, String kind) {
        return of(BuildContext.over(root, owners), patterns, kind);
    }

    /** `COPY <<EOF /dest`: each heredoc a file of that name, mode 0644, written in the build's work directory. */
    static CopySources heredocs(List<Heredoc> docs, Path work) {
        try {
            Path dir = Files.createTempDirectory(work, "heredoc-");
            List<String> names = new ArrayList<>();
            for (Heredoc h : docs) {
                if (h.name().contains("/") || h.name().equals("..") || h.name().equals("."))
                    throw new BuildException("invalid heredoc file name: " + h.name());
                Path f = dir.resolve(h.name());
                Files.writeString(f, h.content());
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0)); // the same text, the same layer
                names.add(h.name());
            }
            return of(BuildContext.over(dir), names, "COPY");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
