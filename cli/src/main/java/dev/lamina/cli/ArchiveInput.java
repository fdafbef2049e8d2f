package dev.lamina.cli;

import dev.lamina.image.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The tarball `load` and `import` read: a file, or standard input for '-'. When
 * someone watches (a terminal), how much has been read is shown on stderr.
 */
final class ArchiveInput {
    /** What a command does with the tarball's bytes. */
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private ArchiveInput() {}

    static <T> T read(String file, String doneNote, Reader<T> reader) throws IOException {
        boolean stdin = file.equals("-");
        String id = stdin ? "standard input" : Path.of(file).getFileName().toString();
        try (InputStream raw = stdin ? System.in : Files.newInputStream(Path.of(file));
                TransferProgress progress = TransferProgress.interactive() ? TransferProgress.on(System.err, true) : null) {
            if (progress == null) return reader.read(raw);
            progress.started(id, "archive", stdin ? -1 : Files.size(Path.of(file)), 0);
            T result = reader.read(new ChunkInputStream() {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = raw.read(b, off, len);
                    if (n > 0) progress.advanced(id, n);
                    return n;
                }
            });
            progress.finished(id, doneNote);
            return result;
        } catch (NoSuchFileException e) {
            throw new Main.UsageError("no such file: " + file);
        }
    }
}
