package dev.lamina.image.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and malformed layers are refused with a message naming the entry; good ones unpack exactly. */
class LayerUnpackerTest {
    private static final Limits LIMITS = new Limits(1L << 30, 100, 1000);

    @TempDir
    Path dir;
    /** Where the last unpack went: each gets a fresh, empty directory. */
    private Path root;

    private LayerMetadata unpack(byte[] tar, Limits limits) throws IOException {
        root = Files.createTempDirectory(dir, "root");
        try (InputStream in = Decompression.open(new ByteArrayInputStream(tar), limits, "test")) {
            return LayerUnpacker.unpack(in, root, false, limits);
        }
    }

    private String refused(byte[] tar) {
        return refused(tar, LIMITS);
    }

    private String refused(byte[] tar, Limits limits) {
        return assertThrows(TarFormatException.class, () -> unpack(tar, limits)).getMessage();
    }

    @Test
    void dotDotIsRefused() {
        assertEquals("entry '../escape' climbs out with '..'", refused(new TarBuilder().file("../escape", "x").end()));
        assertEquals("entry 'a/../../b' climbs out with '..'", refused(new TarBuilder().file("a/../../b", "x").end()));
        assertEquals("entry '/../etc/passwd' climbs out with '..'", refused(new TarBuilder().file("/../etc/passwd", "x").end()));
        assertFalse(Files.exists(dir.resolve("escape")) || Files.exists(root.resolveSibling("escape")));
    }

    @Test
    void absoluteAndDotNamesAreCleanedAsContainerdCleansThem() throws IOException {
        LayerMetadata meta = unpack(new TarBuilder()
                .dir("/").dir("/etc/").file("/etc/passwd", "root")
                .file("./etc/group", "wheel")
                .file("//usr///lib/./x", "x")
                .hardlink("/etc/passwd-", "/etc/passwd")
                .file("/srv/.wh.old", "")
                .end(), LIMITS);
        assertEquals("root", Files.readString(root.resolve("etc/passwd")));
        assertEquals("wheel", Files.readString(root.resolve("etc/group")));
        assertEquals("x", Files.readString(root.resolve("usr/lib/x")));
        assertEquals(Files.getAttribute(root.resolve("etc/passwd"), "unix:ino"), Files.getAttribute(root.resolve("etc/passwd-"), "unix:ino"));
        assertEquals(List.of("srv/old"), meta.whiteouts());
        assertEquals(List.of("usr", "usr/lib", "srv"), meta.implicitDirs());
        assertEquals("entry '.' names the layer's root but is not a directory", refused(new TarBuilder().file(".", "x").end()));
        assertEquals("entry '/' names the layer's root but is not a directory", refused(new TarBuilder().symlink("/", "/etc").end()));
    }

    @Test
    void writingThroughAPlantedSymlinkIsRefused() {
        assertEquals("entry 'link/etc/cron' would be written through the symlink 'link' planted earlier in the layer",
                refused(new TarBuilder().symlink("link", "/").file("link/etc/cron", "x").end()));
        assertEquals("entry 'up/x' would be written through the symlink 'up' planted earlier in the layer",
                refused(new TarBuilder().symlink("up", "../../..").file("up/x", "x").end()));
    }

    @Test
    void hardLinksMustPointAtEarlierFilesOfTheLayer() {
        assertEquals("entry '../../etc/shadow' climbs out with '..'",
                refused(new TarBuilder().hardlink("h", "../../etc/shadow").end()));
        assertEquals("hard link 'h' points to '/etc/shadow', which is not an earlier file of this layer",
                refused(new TarBuilder().hardlink("h", "/etc/shadow").end()));
        assertEquals("hard link 'h' points to 'etc/shadow', which is not an earlier file of this layer",
                refused(new TarBuilder().hardlink("h", "etc/shadow").end()));
        assertEquals("hard link 'h' points to 'd', which is not an earlier file of this layer",
                refused(new TarBuilder().dir("d").hardlink("h", "d").end()));
    }

    @Test
    void repeatedEntriesReplaceEarlierOnesAsTarExtractionDoes() throws IOException {
        LayerMetadata meta = unpack(new TarBuilder()
                .file("f", "1").file("f", "2")                                   // file over file
                .file("d", "a file first").dir("d").file("d/in", "in")            // directory over file
                .dir("g").file("g/child", "gone").symlink("g", "/etc")            // symlink over a directory and its child
                .symlink("s", "/").dir("s").file("s/ok", "ok")                    // directory over a symlink, then written into
                .file("h", "old").hardlink("h2", "h").file("h", "new")            // the link keeps the old file
                .device("n", '3').file("n", "no longer a device")                 // file over a device
                .file("t", "t").device("t", '6')                                  // fifo over a file
                .file("i/x", "x").entry("i", '5', new byte[0], "", 0700)          // an implicit directory listed later
                .entry("m", '5', new byte[0], "", 0700).file("m/kept", "k").entry("m", '5', new byte[0], "", 0751)
                .end(), LIMITS);
        assertEquals("2", Files.readString(root.resolve("f")));
        assertEquals("in", Files.readString(root.resolve("d/in")));
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(root.resolve("g")));
        assertEquals("ok", Files.readString(root.resolve("s/ok")));
        assertEquals("new", Files.readString(root.resolve("h")));
        assertEquals("old", Files.readString(root.resolve("h2")));
        assertEquals("no longer a device", Files.readString(root.resolve("n")));
        assertFalse(Files.exists(root.resolve("t"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("t"), meta.specialFiles().stream().map(LayerMetadata.SpecialFile::path).toList());
        assertEquals(0700, (Integer) Files.getAttribute(root.resolve("i"), "unix:mode") & 07777);
        assertEquals(List.of(), meta.implicitDirs());
        assertEquals(0751, (Integer) Files.getAttribute(root.resolve("m"), "unix:mode") & 07777);
        assertEquals("k", Files.readString(root.resolve("m/kept")));
        try (var names = Files.list(root)) {
            assertEquals(List.of("d", "f", "g", "h", "h2", "i", "m", "n", "s"), names.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aReplacedEntryLeavesNoWayThroughIt() {
        // Replacing a directory by a symlink makes the symlink a planted one like any other.
        assertEquals("entry 'd/x' would be written through the symlink 'd' planted earlier in the layer",
                refused(new TarBuilder().dir("d").symlink("d", "/").file("d/x", "x").end()));
        assertEquals("hard link 'h' points to 'h', which is not an earlier file of this layer",
                refused(new TarBuilder().file("h", "x").hardlink("h", "h").end()));
        assertEquals("hard link 'l' points to 'd/f', which is not an earlier file of this layer",
                refused(new TarBuilder().file("d/f", "x").file("d", "now a file").hardlink("l", "d/f").end()));
    }

    @Test
    void extendedAttributesAreRecordedAndDroppedOutsideTheirNamespaces() throws IOException {
        byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        LayerMetadata meta = unpack(new TarBuilder()
                .pax("SCHILY.xattr.security.capability", capability).pax("SCHILY.xattr.user.mime", "text/plain")
                .pax("SCHILY.xattr.security.selinux", "system_u:object_r:bin_t:s0")
                .pax("SCHILY.xattr.user.lamina.owner", new byte[8])
                .file("bin/ping", "elf")
                .pax("SCHILY.xattr.user.dir", "yes").dir("bin")
                .pax("SCHILY.xattr.user.gone", "x").file("replaced", "x").file("replaced", "y")
                .device("dev/null", '3').pax("SCHILY.xattr.user.dev", "1").device("dev/null", '3')
                .hardlink("bin/ping6", "bin/ping")
                .end(), LIMITS);
        assertEquals(java.util.Set.of("bin", "bin/ping", "bin/ping6", "dev/null"), meta.xattrs().keySet());
        assertEquals(List.of("security.capability", "user.mime"), List.copyOf(meta.xattrs().get("bin/ping").keySet()));
        assertTrue(java.util.Arrays.equals(capability, meta.xattrs().get("bin/ping").get("security.capability")));
        assertEquals("text/plain", new String(meta.xattrs().get("bin/ping6").get("user.mime")));
        assertEquals("yes", new String(meta.xattrs().get("bin").get("user.dir")));
        // Through the store's JSON and back, bytes intact.
        LayerMetadata again = LayerMetadata.fromJson(meta.toJson());
        assertTrue(java.util.Arrays.equals(capability, again.xattrs().get("bin/ping").get("security.capability")));
    }

    @Test
    void extendedAttributesAreSetOnTheFileWhenRoot() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.lamina.image.store.Trees.ROOT, "needs root");
        byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        root = Files.createTempDirectory(dir, "root");
        byte[] tar = new TarBuilder().pax("SCHILY.xattr.security.capability", capability).pax("SCHILY.xattr.user.mime", "text/plain")
                .file("ping", "elf").pax("SCHILY.xattr.user.on-a-link", "x").symlink("link", "ping").end();
        LayerMetadata meta;
        try (InputStream in = new ByteArrayInputStream(tar)) {
            meta = LayerUnpacker.unpack(in, root, true, LIMITS);
        }
        var view = Files.getFileAttributeView(root.resolve("ping"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        java.nio.ByteBuffer mime = java.nio.ByteBuffer.allocate(view.size("mime"));
        view.read("mime", mime);
        assertEquals("text/plain", new String(mime.array()));
        assertEquals(root.resolve("ping") + " cap_net_raw=ep\n", new String(new ProcessBuilder("getcap", root.resolve("ping").toString())
                .start().getInputStream().readAllBytes()));
        // A symlink takes no user.* attribute on Linux: the metadata keeps it.
        assertEquals("x", new String(meta.xattrs().get("link").get("user.on-a-link")));
    }

    @Test
    void oversizedExtendedAttributesAreRefused() {
        assertEquals("entry 'f' has an extended attribute user.big of 65537 bytes (Linux allows 65536)",
                refused(new TarBuilder().pax("SCHILY.xattr.user.big", new byte[65537]).file("f", "").end()));
        TarBuilder many = new TarBuilder();
        for (int i = 0; i < 300; i++) many.pax("SCHILY.xattr.user.v", new byte[60_000]).file("f" + i, "");
        assertEquals("extended attributes of more than 16777216 bytes in one layer", refused(many.end()));
    }

    @Test
    void malformedHeadersAreRefused() {
        byte[] tar = new TarBuilder().file("f", "x").end();
        tar[10] ^= 1;
        assertEquals("tar header checksum mismatch (corrupt layer)", refused(tar));
        assertEquals("a tar extended header of 1073741824 bytes (limit 1048576)",
                refused(new TarBuilder().hugePaxHeader(1L << 30).end()));
        TarBuilder manySmall = new TarBuilder();
        for (int i = 0; i < 40; i++) manySmall.pax("comment" + i, "x".repeat(30_000));
        assertEquals("tar extended headers of more than 1048576 bytes before one entry", refused(manySmall.file("f", "").end()));
        assertEquals("entry 'f' has unknown tar type 'Z'", refused(new TarBuilder().entry("f", 'Z', new byte[0], "", 0644).end()));
        assertEquals("entry 'f' is a GNU sparse file, which layers do not use",
                refused(new TarBuilder().entry("f", 'S', new byte[0], "", 0644).end()));
    }

    @Test
    void truncatedLayersAreRefused() {
        byte[] whole = new TarBuilder().file("big", "y".repeat(5000)).unfinished();
        byte[] cut = java.util.Arrays.copyOf(whole, 2048);
        assertEquals("the layer ends in the middle of a file (truncated)", refused(cut));
        assertEquals("the layer ends in the middle of a tar header (truncated)", refused(java.util.Arrays.copyOf(whole, 300)));
    }

    /** A layer of one 40 MiB file of zeros, gzipped (about 1000 to 1, deflate at its most). */
    private static ByteArrayOutputStream gzippedZeros() throws IOException {
        byte[] zeros = new TarBuilder().entry("zeros", '0', new byte[40 << 20], "", 0644).end();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(zeros);
        }
        return gz;
    }

    @Test
    void decompressionBombsStopAtTheLimit() throws IOException {
        ByteArrayOutputStream gz = gzippedZeros();
        assertTrue(refused(gz.toByteArray()).contains("expands more than 100 times its compressed size: refused as a decompression bomb"));
        assertEquals("layer test expands past 1048576 bytes (LAMINA_LAYER_MAX_BYTES)",
                refused(gz.toByteArray(), new Limits(1 << 20, 100_000, 1000)));
        assertEquals("more than 2 entries (LAMINA_LAYER_MAX_ENTRIES)",
                refused(new TarBuilder().file("a", "").file("b", "").file("c", "").end(), new Limits(1 << 20, 100, 2)));
    }

    /**
     * A gzip layer holding a large file of zeros (deflate at its most, about 1000 to 1; a `dd if=/dev/zero` in a build)
     * unpacks under the default bounds: the ratio of 200 before refused 17 MB of them, and the engine's own commits.
     */
    @Test
    void zerosThatGzipAtItsMostAreNoBomb() throws IOException {
        ByteArrayOutputStream gz = gzippedZeros();
        assertTrue((40 << 20) / gz.size() > 1000, "deflate's ratio: " + (40 << 20) / gz.size());
        unpack(gz.toByteArray(), Limits.defaults());
        assertEquals(40 << 20, Files.size(root.resolve("zeros")));
        unpack(gz.toByteArray(), Limits.ownLayers());
        assertEquals(40 << 20, Files.size(root.resolve("zeros")));
    }

    @Test
    void devicesAndFifosAreMetadataOnly() throws IOException {
        LayerMetadata meta = unpack(new TarBuilder().dir("dev").device("dev/null", '3').device("dev/sda", '4').device("pipe", '6').end(), LIMITS);
        assertEquals(List.of("dev/null", "dev/sda", "pipe"), meta.specialFiles().stream().map(LayerMetadata.SpecialFile::path).toList());
        assertFalse(Files.exists(root.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("pipe"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void goodLayersUnpackExactly() throws IOException {
        String longName = "deep/" + "n".repeat(150);
        LayerMetadata meta = unpack(new TarBuilder()
                .entry("tool", '0', "#!".getBytes(), "", 04755)
                .pax("path", longName).file("ignored-name", "long")
                .symlink("abs", "/etc/passwd")
                .file("a/f", "in a dir the tar never listed")
                .hardlink("a/g", "a/f")
                .file("w/.wh.gone", "")
                .file("o/.wh..wh..opq", "")
                .end(), LIMITS);
        assertEquals(04755, (Integer) Files.getAttribute(root.resolve("tool"), "unix:mode") & 07777);
        assertEquals("long", Files.readString(root.resolve(longName)));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(root.resolve("abs")));
        // Every entry's time is the layer's (0 here), a symlink's too (it had the unpack's)
        for (String name : List.of("tool", "abs", "a/f"))
            assertEquals(0, Files.getLastModifiedTime(root.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis(), name);
        assertEquals(Files.getAttribute(root.resolve("a/f"), "unix:ino"), Files.getAttribute(root.resolve("a/g"), "unix:ino"));
        assertEquals(List.of("w/gone"), meta.whiteouts());
        assertEquals(List.of("o"), meta.opaques());
        assertTrue(meta.implicitDirs().containsAll(List.of("deep", "a", "w", "o")), meta.implicitDirs().toString());
        assertFalse(Files.exists(root.resolve("w/.wh.gone")));
    }
}
