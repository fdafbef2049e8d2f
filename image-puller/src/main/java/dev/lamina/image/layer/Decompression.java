package dev.lamina.image.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.lamina.image.ChunkInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens a layer blob as its uncompressed tar stream. The format is read from the
 * magic bytes (gzip, zstd, or plain tar), not trusted from the media type, and the
 * output is metered against {@link Limits} so a bomb stops at the limit.
 */
public final class Decompression {
    private Decompression() {}

    /** How a layer blob is compressed, told by its first bytes. */
    public enum Format { GZIP, ZSTD, PLAIN }

    public static Format detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return Format.GZIP;
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd)
            return Format.ZSTD;
        return Format.PLAIN;
    }

    public static InputStream open(InputStream blob, Limits limits, String layer) throws IOException {
        CountingStream compressed = new CountingStream(new BufferedInputStream(blob, 1 << 16));
        compressed.mark(4);
        byte[] magic = compressed.readNBytes(4);
        compressed.reset();
        compressed.count = 0;
        InputStream raw = switch (detect(magic, magic.length)) {
            case GZIP -> new GZIPInputStream(compressed, 1 << 16);
            case ZSTD -> new ZstdInputStream(compressed);
            case PLAIN -> compressed;
        };
        return new MeteredStream(raw, compressed, limits, layer);
    }

    private static final class MeteredStream extends ChunkInputStream {
        private final InputStream in;
        private final CountingStream compressed;
        private final Limits limits;
        private final String layer;
        private long out;

        MeteredStream(InputStream in, CountingStream compressed, Limits limits, String layer) {
            this.in = in;
            this.compressed = compressed;
            this.limits = limits;
            this.layer = layer;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                out += n;
                if (out > limits.maxBytes())
                    throw new TarFormatException("layer " + layer + " expands past " + limits.maxBytes() + " bytes (LAMINA_LAYER_MAX_BYTES)");
                if (out > Limits.RATIO_FLOOR && out / Math.max(1, compressed.count) > limits.maxRatio())
                    throw new TarFormatException("layer " + layer + " expands more than " + limits.maxRatio()
                            + " times its compressed size: refused as a decompression bomb (LAMINA_LAYER_MAX_RATIO)");
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
