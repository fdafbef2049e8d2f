package dev.lamina.builder.context;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

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

    /** What the extraction made at a name: the directory is new and only it writes there, so no file system call asks. */
    private enum Made { DIRECTORY, FILE, SYMLINK }

    /**
     * Extracts the tar into {@code dir} (new and empty). Returns the sha256 of each regular
     * file's contents by its name, computed while writing it, for the cache keys of COPY
     * and ADD; at most {@code MAX_KNOWN_DIGESTS} (the others are read again when asked).
     */
    static Map<String, byte[]> extract(InputStream raw, Path dir, Limits limits) throws IOException {
        Counting counted = new Counting(CompressedTar.open(raw), limits.maxBytes());
        Map<String, Made> made = new HashMap<>();
        Map<String, byte[]> digests = new HashMap<>();
        List<DirMode> dirModes = new ArrayList<>();
        MessageDigest sha = ContentDigest.sha256();
        byte[] buf = new byte[64 * 1024];
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
                makeParents(dir, name, made);
                int mode = entry.getMode() & 07777;
                FileTime mtime = FileTime.from(entry.getModTime().toInstant());
                if (entry.isDirectory()) {
                    Made before = made.put(name, Made.DIRECTORY);
                    if (before != Made.DIRECTORY) {
                        if (before != null) {
                            Files.delete(target);
                        }
                        Files.createDirectory(target);
                    }
                    dirModes.add(new DirMode(target, mode, mtime));
                    continue;
                }
                replaceable(target, name, made);
                digests.remove(name);
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    made.put(name, Made.SYMLINK);
                } else if (entry.isLink()) {
                    String linked = hardLinkTarget(entry.getLinkName(), name, made);
                    Files.createLink(target, dir.resolve(linked));
                    made.put(name, Made.FILE);
                    byte[] same = digests.get(linked);
                    if (same != null) {
                        digests.put(name, same);
                    }
                } else if (regular(entry)) {
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        for (int n; (n = tar.read(buf)) > 0; ) {
                            out.write(buf, 0, n);
                            sha.update(buf, 0, n);
                        }
                    }
                    byte[] digest = sha.digest();
                    if (digests.size() < MAX_KNOWN_DIGESTS) {
                        digests.put(name, digest);
                    }
                    Files.setAttribute(target, "unix:mode", mode);
                    times(target, mtime);
                    made.put(name, Made.FILE);
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
            times(d.dir(), d.mtime());
        }
        return digests;
    }

    /** Sets both times to the entry's: given an access time too, Java does not stat the file to keep its own. */
    private static void times(Path file, FileTime mtime) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null);
    }

    /** Contents digests kept at most: 32 bytes and a name each, so a context of many files cannot fill the heap. */
    static final int MAX_KNOWN_DIGESTS = 1 << 16;

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
    private static void makeParents(Path dir, String name, Map<String, Made> made) throws IOException {
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            String parent = name.substring(0, slash);
            Made there = made.get(parent);
            if (there == null) {
                Files.createDirectory(dir.resolve(parent));
                made.put(parent, Made.DIRECTORY);
            } else if (there == Made.SYMLINK) {
                throw new BuildContextException("build context entry " + name + " is under the symbolic link " + parent);
            } else if (there == Made.FILE) {
                throw new BuildContextException("build context entry " + name + " is under a file, not a directory");
            }
        }
    }

    /** A later entry replaces an earlier one of the same name, but never a directory. */
    private static void replaceable(Path target, String name, Map<String, Made> made) throws IOException {
        Made there = made.remove(name);
        if (there == Made.DIRECTORY) {
            throw new BuildContextException("build context entry " + name + " would replace a directory");
        }
        if (there != null) {
            Files.delete(target); // a symlink itself, never what it points to
        }
    }

    /** A regular file's type flag (commons-compress's isFile() also says so of devices and pipes). */
    private static boolean regular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG)
                && !entry.isSparse();
    }

    private static String hardLinkTarget(String link, String name, Map<String, Made> made) {
        String linked;
        try {
            linked = name(link);
        } catch (BuildContextException e) {
            throw new BuildContextException("build context hard link " + name + " points outside the context: " + link);
        }
        if (made.get(linked) != Made.FILE) {
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

        /** None known: the tar reader asks at every entry, which costs a file's two system calls each time. */
        @Override
        public int available() {
            return 0;
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
