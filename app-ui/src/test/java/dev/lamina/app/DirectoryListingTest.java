package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class DirectoryListingTest {
    @Test
    void aDirectorysChildrenNotItsGrandchildren() throws IOException {
        byte[] tar = tar("etc/", "etc/passwd", "etc/apk/", "etc/apk/world", "etc/motd", "etc/mtab->../proc/mounts");
        List<FileEntry> children = DirectoryListing.children("/etc", new ByteArrayInputStream(tar));
        assertEquals(List.of("apk/", "motd", "mtab → ../proc/mounts", "passwd"), children.stream().map(FileEntry::label).toList(),
                "directories first, then by name");
        FileEntry passwd = children.getLast();
        assertEquals(FileEntry.Kind.FILE, passwd.kind());
        assertEquals("etc/passwd".length(), passwd.size(), "its size (the test's content is its name)");
        assertEquals("-rw-r-----", passwd.mode());
        assertEquals(Instant.ofEpochSecond(1_700_000_000), passwd.modified());
    }

    @Test
    void theRootsNamesWithOrWithoutALeadingSlashOrDot() throws IOException {
        for (String prefix : List.of("/", "", "./")) {
            byte[] tar = tar(prefix + "bin/", prefix + "bin/sh", prefix + "etc/", prefix + "linuxrc");
            assertEquals(List.of("bin/", "etc/", "linuxrc"),
                    DirectoryListing.children("/", new ByteArrayInputStream(tar)).stream().map(FileEntry::label).toList(), prefix);
        }
    }

    @Test
    void aNestedDirectoryByItsLastName() throws IOException {
        byte[] tar = tar("apk/", "apk/keys/", "apk/keys/a.pub", "apk/world");
        assertEquals(List.of("keys/", "world"),
                DirectoryListing.children("/etc/apk/", new ByteArrayInputStream(tar)).stream().map(FileEntry::label).toList());
    }

    @Test
    void modesAsLsWritesThem() {
        Instant t = Instant.EPOCH;
        assertEquals("drwxrwxrwt", new FileEntry("tmp", FileEntry.Kind.DIRECTORY, 01777, 0, t, "").mode());
        assertEquals("-rwsr-xr-x", new FileEntry("su", FileEntry.Kind.FILE, 04755, 0, t, "").mode());
        assertEquals("lrwxrwxrwx", new FileEntry("sh", FileEntry.Kind.SYMLINK, 0777, 0, t, "/bin/busybox").mode());
    }

    /** A tar of these names: "x/" a directory, "x->y" a symlink, else a file whose content is its name. */
    private static byte[] tar(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (String n : names) {
                TarArchiveEntry e;
                byte[] content = new byte[0];
                if (n.contains("->")) {
                    e = new TarArchiveEntry(n.substring(0, n.indexOf("->")), TarConstants.LF_SYMLINK);
                    e.setLinkName(n.substring(n.indexOf("->") + 2));
                } else {
                    e = new TarArchiveEntry(n);
                    if (!n.endsWith("/")) {
                        content = n.getBytes(StandardCharsets.UTF_8);
                        e.setSize(content.length);
                        e.setMode(0100640);
                    }
                }
                e.setModTime(java.nio.file.attribute.FileTime.from(Instant.ofEpochSecond(1_700_000_000)));
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
