package dev.lamina.builder.context;

import java.nio.file.Path;

/**
 * One COPY/ADD source found in the context: the {@code pattern} it matched, the host
 * file ({@code hostPath}, inside the context, symlinks on the way resolved), its path
 * relative to the context root ({@code relPath}, "/"-separated, "" for the root), and
 * whether it is a directory (whose contents are copied).
 */
public record Source(String pattern, Path hostPath, String relPath, boolean directory) {}
