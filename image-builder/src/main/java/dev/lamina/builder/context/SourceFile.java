package dev.lamina.builder.context;

import java.nio.file.Path;

/**
 * One file of a COPY/ADD {@link Source} to copy: its path under the source ("/"-separated,
 * "" for the source itself), the host file, its kind, its mode bits (07777, as the
 * context's tar gave them) and size. Symlinks are copied as links ({@code hostPath} is the link).
 */
public record SourceFile(String path, Path hostPath, Kind kind, int mode, long size) {

    public enum Kind { FILE, DIRECTORY, SYMLINK }
}
