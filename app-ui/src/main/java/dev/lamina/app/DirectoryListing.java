package dev.lamina.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A directory's children, read from the archive API's tar of it: the entries one
 * level below the directory's own name (engines name them "etc/passwd" for /etc,
 * "/etc" or "etc" for the root's). Their contents are skipped, not kept.
 */
public final class DirectoryListing {
    private DirectoryListing() {}

    /** The children of {@code dir} (absolute, as asked for) in {@code tar}: directories first, then by name. */
    public static List<FileEntry> children(String dir, InputStream tar) throws IOException {
        String base = ContainerPaths.name(dir);
        String prefix = base.isEmpty() ? "" : base + "/";
        List<FileEntry> children = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = normalize(e.getName());
                if (!name.startsWith(prefix)) continue;
                String rest = name.substring(prefix.length());
                if (rest.isEmpty() || rest.equals(".") || rest.contains("/")) continue;
                children.add(new FileEntry(rest, kind(e), e.getMode() & 07777, e.isDirectory() || e.isSymbolicLink() ? 0 : e.getSize(),
                        e.getLastModifiedTime().toInstant(), e.isSymbolicLink() ? e.getLinkName() : ""));
            }
        }
        children.sort(Comparator.comparing((FileEntry f) -> !f.directory()).thenComparing(FileEntry::name));
        return children;
    }

    /** Without leading "/" or "./" and trailing "/". */
    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("/") || n.startsWith("./")) n = n.substring(n.startsWith("/") ? 1 : 2);
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n;
    }

    private static FileEntry.Kind kind(TarArchiveEntry e) {
        if (e.isDirectory()) return FileEntry.Kind.DIRECTORY;
        if (e.isSymbolicLink()) return FileEntry.Kind.SYMLINK;
        if (e.isCharacterDevice()) return FileEntry.Kind.CHAR_DEVICE;
        if (e.isBlockDevice()) return FileEntry.Kind.BLOCK_DEVICE;
        if (e.isFIFO()) return FileEntry.Kind.FIFO;
        return FileEntry.Kind.FILE;
    }
}
