package dev.lamina.builder.context;

import java.nio.file.Path;

/**
 * One file of a COPY/ADD {@link Source} to copy: its path under the source ("/"-separated,
 * "" for the source itself), the host file, its kind, its mode bits (07777, as the
 * context's tar gave them), size and owner (the tree's: a build context's are the engine's and
 * count for nothing; a stage's or an image's root keeps its files' owners, which COPY --from
 * keeps). Symlinks are copied as links ({@code hostPath} is the link).
 */
public record SourceFile(String path, Path hostPath, Kind kind, int mode, long size, long uid, long gid) {

    public enum Kind { FILE, DIRECTORY, SYMLINK }
}
