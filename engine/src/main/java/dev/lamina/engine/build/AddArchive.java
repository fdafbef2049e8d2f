package dev.lamina.engine.build;

import dev.lamina.builder.context.BuildContextException;
import dev.lamina.builder.context.CompressedTar;
import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ADD's local archives, as moby reads them: a tar, plain or compressed with gzip, zstd,
 * bzip2 or xz (told by its contents, not its name); any other file is copied as it is.
 * The engine's extraction reads the formats of layers; bzip2 and xz, which layers never
 * are, are decompressed into a plain tar first, bounded as a layer is.
 */
final class AddArchive {
    private AddArchive() {}

    /** The tar to extract for {@code file}, or null when ADD copies the file itself. */
    static Path tar(Path file, Path work) throws IOException {
        if (isTar(file)) return file;
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in;
            byte[] head;
            try {
                in = CompressedTar.open(raw);
                head = in.readNBytes(HEAD);
            } catch (BuildContextException | IOException e) {
                return null; // not an archive it reads (as moby decides): copied as a file
            }
            return ustar(head) ? decompressed(file, head, in, work) : null;
        }
    }

    /** The rest of a bzip2 or xz tar written out plain, bounded as a layer's contents are. */
    private static Path decompressed(Path file, byte[] head, InputStream in, Path work) throws IOException {
        long max = Limits.defaults().maxBytes();
        Path tar = Files.createTempFile(work, "add-", ".tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            out.write(head);
            byte[] buf = new byte[1 << 16];
            long total = head.length;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > max)
                    throw new BuildException("ADD " + file.getFileName() + ": the archive unpacks to more than " + max
                            + " bytes (LAMINA_LAYER_MAX_BYTES)");
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new BuildException("ADD " + file.getFileName() + ": the archive is damaged: " + e.getMessage());
        }
        return tar;
    }

    private static final int HEAD = 263;

    /** Plain, gzip or zstd: what the engine's extraction reads itself. */
    private static boolean isTar(Path p) {
        try (InputStream in = Decompression.open(Files.newInputStream(p), Limits.defaults(), p.getFileName().toString())) {
            return ustar(in.readNBytes(HEAD));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** ustar's magic at offset 257 of the first header. */
    private static boolean ustar(byte[] head) {
        return head.length == HEAD && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }
}
