package dev.lamina.engine.build;

import dev.lamina.builder.context.SourceFile;
import dev.lamina.image.archive.TarWriter;
import dev.lamina.image.layer.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Map;

/**
 * The tar a COPY or ADD extracts into the step's container: each file of its sources
 * under the name it gets there (relative to the root), in the sources' order, so the
 * same sources give the same layer. Files keep their mode (or --chmod's) and times;
 * symlinks are copied as symlinks. Owners are written for a copy that keeps them (COPY
 * --from); otherwise the extraction gives them (root, or --chown's).
 */
final class SourceArchive implements AutoCloseable {
    private final TarWriter tar;
    private final Integer chmod;
    private final boolean owners;

    SourceArchive(OutputStream out, Integer chmod, boolean owners) {
        this.tar = new TarWriter(out);
        this.chmod = chmod;
        this.owners = owners;
    }

    /** One file of a source at {@code name}. */
    void add(SourceFile f, String name) throws IOException {
        long mtime = Files.getLastModifiedTime(f.hostPath(), LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
        switch (f.kind()) {
            case DIRECTORY -> entry(name, TarEntry.Type.DIRECTORY, mode(f), owner(f.uid()), owner(f.gid()), 0, "", mtime, null);
            case SYMLINK -> entry(name, TarEntry.Type.SYMLINK, 0777, owner(f.uid()), owner(f.gid()), 0,
                    Files.readSymbolicLink(f.hostPath()).toString(), mtime, null);
            case FILE -> {
                try (InputStream in = Files.newInputStream(f.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
                    entry(name, TarEntry.Type.FILE, mode(f), owner(f.uid()), owner(f.gid()), Files.size(f.hostPath()), "", mtime, in);
                }
            }
        }
    }

    /** The destination directory a copy makes, as Docker makes it: 0755, root's. */
    void directory(String name) throws IOException {
        entry(name, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, "", System.currentTimeMillis() / 1000, null);
    }

    private int mode(SourceFile f) {
        return chmod != null ? chmod : f.mode() & 07777;
    }

    private long owner(long id) { return owners ? id : 0; }

    private void entry(String name, TarEntry.Type type, int mode, long uid, long gid, long size, String link, long mtime, InputStream in)
            throws IOException {
        tar.entry(new TarEntry(name, type, mode, uid, gid, size, link, mtime, 0, 0, Map.of()), in);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
