package dev.lamina.builder.context;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Hand-made context tars for the tests, hostile ones included. */
final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TarBuilder() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    TarBuilder file(String name, String content, int mode) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true); // keeps a leading "/"
        e.setMode(0100000 | mode);
        e.setSize(data.length);
        return put(e, data);
    }

    TarBuilder owned(String name, int uid) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setUserId(uid);
        e.setGroupId(uid);
        return put(e, new byte[0]);
    }

    TarBuilder zeros(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        try {
            tar.putArchiveEntry(e);
            byte[] chunk = new byte[64 * 1024];
            for (long left = size; left > 0; left -= chunk.length) {
                tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040000 | mode);
        return put(e, null);
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return put(e, null);
    }

    TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e, null);
    }

    TarBuilder entry(String name, byte type) {
        return put(new TarArchiveEntry(name, type), null);
    }

    private TarBuilder put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    InputStream stream() {
        return new ByteArrayInputStream(bytes());
    }

    /** The tar compressed: gzip, bzip2 or xz. */
    InputStream compressed(String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnaryOperator<OutputStream> wrap = switch (format) {
            case "gzip" -> o -> io(() -> new GzipCompressorOutputStream(o));
            case "bzip2" -> o -> io(() -> new BZip2CompressorOutputStream(o));
            case "xz" -> o -> io(() -> new XZCompressorOutputStream(o));
            default -> throw new IllegalArgumentException(format);
        };
        try (OutputStream c = wrap.apply(out)) {
            c.write(bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    private interface IoSupplier {
        OutputStream get() throws IOException;
    }

    private static OutputStream io(IoSupplier s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
