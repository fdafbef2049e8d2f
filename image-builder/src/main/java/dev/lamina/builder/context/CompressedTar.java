package dev.lamina.builder.context;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** A tar as the classic builder takes a context or an ADD archive: plain, gzip, bzip2 or xz, told by its first bytes. */
public final class CompressedTar {
    private CompressedTar() {}

    /** The uncompressed stream; refused with a message when compressed in another format. */
    public static InputStream open(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        String format;
        try {
            format = CompressorStreamFactory.detect(in);
        } catch (CompressorException e) {
            return in; // not compressed (or not a format we know): read as a plain tar
        }
        return switch (format) {
            case CompressorStreamFactory.GZIP ->
                    GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case CompressorStreamFactory.BZIP2 -> new BZip2CompressorInputStream(in, true);
            case CompressorStreamFactory.XZ ->
                    XZCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            default -> throw new BuildContextException("the archive is compressed with " + format
                    + ", which is not supported (use gzip, bzip2, xz or none)");
        };
    }
}
