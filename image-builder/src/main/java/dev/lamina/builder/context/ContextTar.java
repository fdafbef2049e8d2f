package dev.lamina.builder.context;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Extracts a client's build context tar (plain, gzip, bzip2 or xz) into an empty
 * directory, refusing what could escape it or exhaust the host: absolute names, "..",
 * entries under a symlink the tar made, hard links to anything but a regular file the
 * tar already gave, device nodes and pipes, names too long, and more entries or more
 * (uncompressed) bytes than the limits. Symlinks are made as given, never followed.
 */
final class ContextTar {
    private ContextTar() {}

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int MAX_NAME = 4096;
    private static final int MAX_ELEMENT = 255;

    record Limits(long maxBytes, long maxEntries) {}

    private record DirMode(Path dir, int mode, FileTime mtime) {}

    static void extract(InputStream raw, Path dir, Limits limits) throws IOException {
        Counting counted = new Counting(decompressed(raw), limits.maxBytes());
        Set<String> regularFiles = new HashSet<>();
        List<DirMode> dirModes = new ArrayList<>();
        long entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(counted, StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry;
            while ((entry = next(tar, counted)) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new BuildContextException("the build context has more than " + limits.maxEntries() + " entries");
                }
                String name = name(entry.getName());
                if (name.isEmpty()) {
                    continue; // the root itself
                }
                Path target = dir.resolve(name);
                makeParents(dir, name);
                int mode = entry.getMode() & 07777;
                if (entry.isDirectory()) {
                    if (Files.exists(target, NOFOLLOW) && !Files.isDirectory(target, NOFOLLOW)) {
                        Files.delete(target);
                    }
                    if (!Files.isDirectory(target, NOFOLLOW)) {
                        Files.createDirectory(target);
                    }
                    dirModes.add(new DirMode(target, mode, FileTime.from(entry.getModTime().toInstant())));
                    continue;
                }
                replaceable(target, name);
                regularFiles.remove(name);
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    String linked = hardLinkTarget(entry.getLinkName(), name, regularFiles);
                    Files.createLink(target, dir.resolve(linked));
                    regularFiles.add(name);
                } else if (regular(entry)) {
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        tar.transferTo(out);
                    }
                    Files.setAttribute(target, "unix:mode", mode);
                    Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
                    regularFiles.add(name);
                } else {
                    throw new BuildContextException("the build context holds " + kind(entry) + " " + name
                            + ", which cannot be copied into an image");
                }
            }
            counted.transferTo(OutputStream.nullOutputStream()); // trailing blocks count too
        }
        // directories last, deepest first: a read-only one would have refused its entries
        for (DirMode d : dirModes.reversed()) {
            Files.setAttribute(d.dir(), "unix:mode", d.mode());
            Files.setLastModifiedTime(d.dir(), d.mtime());
        }
    }

    /**
     * The next entry, or null at the end. The docker CLI ends a context it added a
     * Dockerfile to (-f outside the context, -f -) right after the last entry's data,
     * without padding or end blocks, and dockerd takes it: so the end of the stream
     * there is the end of the archive.
     */
    private static TarArchiveEntry next(TarArchiveInputStream tar, Counting counted) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            if (counted.read() < 0) return null;
            throw e;
        }
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
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
            default -> throw new BuildContextException("the build context is compressed with " + format
                    + ", which is not supported (use gzip, bzip2, xz or none)");
        };
    }

    /** The entry's name relative to the context, "" for the root; refuses absolute names and "..". */
    static String name(String raw) {
        if (raw.length() > MAX_NAME) {
            throw new BuildContextException("build context entry name too long: " + raw.substring(0, 64) + "...");
        }
        if (raw.startsWith("/")) {
            throw new BuildContextException("build context entry with an absolute name: " + raw);
        }
        List<String> elements = new ArrayList<>();
        for (String element : raw.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                throw new BuildContextException("build context entry outside the context: " + raw);
            }
            if (element.getBytes(StandardCharsets.UTF_8).length > MAX_ELEMENT) {
                throw new BuildContextException("build context entry name too long: " + raw);
            }
            if (element.indexOf('\0') >= 0) {
                throw new BuildContextException("build context entry name with a NUL byte");
            }
            elements.add(element);
        }
        return String.join("/", elements);
    }

    /** Creates the missing parents of {@code name}; refuses when one is a symlink or not a directory. */
    private static void makeParents(Path dir, String name) throws IOException {
        String[] elements = name.split("/");
        Path p = dir;
        for (int i = 0; i < elements.length - 1; i++) {
            p = p.resolve(elements[i]);
            if (Files.isSymbolicLink(p)) {
                throw new BuildContextException("build context entry " + name + " is under the symbolic link "
                        + String.join("/", List.of(elements).subList(0, i + 1)));
            }
            if (!Files.exists(p, NOFOLLOW)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, NOFOLLOW)) {
                throw new BuildContextException("build context entry " + name + " is under a file, not a directory");
            }
        }
    }

    /** A later entry replaces an earlier one of the same name, but never a directory. */
    private static void replaceable(Path target, String name) throws IOException {
        if (Files.isDirectory(target, NOFOLLOW)) {
            throw new BuildContextException("build context entry " + name + " would replace a directory");
        }
        Files.deleteIfExists(target); // a symlink itself, never what it points to
    }

    /** A regular file's type flag (commons-compress's isFile() also says so of devices and pipes). */
    private static boolean regular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG)
                && !entry.isSparse();
    }

    private static String hardLinkTarget(String link, String name, Set<String> regularFiles) {
        String linked;
        try {
            linked = name(link);
        } catch (BuildContextException e) {
            throw new BuildContextException("build context hard link " + name + " points outside the context: " + link);
        }
        if (!regularFiles.contains(linked)) {
            throw new BuildContextException("build context hard link " + name + " points to " + link
                    + ", which is not a file earlier in the context");
        }
        return linked;
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "the device node";
        }
        if (entry.isFIFO()) {
            return "the named pipe";
        }
        if (entry.isSparse()) {
            return "the sparse file";
        }
        return "the entry of type '" + (char) entry.getLinkFlag() + "'";
    }

    /** Counts the decompressed bytes, refusing past the limit: a compressed bomb stops here. */
    private static final class Counting extends FilterInputStream {
        private final long max;
        private long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) {
            count += n;
            if (count > max) {
                throw new BuildContextException("the build context is larger than " + max + " bytes");
            }
        }
    }
}
