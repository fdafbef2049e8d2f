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
    void dotDotAndAbsoluteNamesAreRefused() {
        assertEquals("entry '../escape' climbs out with '..'", refused(new TarBuilder().file("../escape", "x").end()));
        assertEquals("entry 'a/../../b' climbs out with '..'", refused(new TarBuilder().file("a/../../b", "x").end()));
        assertEquals("entry '/etc/passwd' has an absolute name", refused(new TarBuilder().file("/etc/passwd", "x").end()));
        assertFalse(Files.exists(dir.resolve("escape")) || Files.exists(root.resolveSibling("escape")));
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
        assertEquals("entry '/etc/shadow' has an absolute name", refused(new TarBuilder().hardlink("h", "/etc/shadow").end()));
        assertEquals("hard link 'h' points to 'etc/shadow', which is not an earlier file of this layer",
                refused(new TarBuilder().hardlink("h", "etc/shadow").end()));
        assertEquals("hard link 'h' points to 'd', which is not an earlier file of this layer",
                refused(new TarBuilder().dir("d").hardlink("h", "d").end()));
    }

    @Test
    void duplicatesAreRefused() {
        assertEquals("entry 'f' appears twice", refused(new TarBuilder().file("f", "1").file("f", "2").end()));
        assertEquals("entry 'f' appears twice", refused(new TarBuilder().file("f", "1").symlink("f", "/etc").end()));
    }

    @Test
    void malformedHeadersAreRefused() {
        byte[] tar = new TarBuilder().file("f", "x").end();
        tar[10] ^= 1;
        assertEquals("tar header checksum mismatch (corrupt layer)", refused(tar));
        assertEquals("a tar extended header of 1073741824 bytes (limit 1048576)",
                refused(new TarBuilder().hugePaxHeader(1L << 30).end()));
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

    @Test
    void decompressionBombsStopAtTheLimit() throws IOException {
        byte[] zeros = new TarBuilder().entry("zeros", '0', new byte[40 << 20], "", 0644).end();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(zeros);
        }
        assertTrue(refused(gz.toByteArray()).contains("expands more than 100 times its compressed size: refused as a decompression bomb"));
        assertEquals("layer test expands past 1048576 bytes (LAMINA_LAYER_MAX_BYTES)",
                refused(gz.toByteArray(), new Limits(1 << 20, 100_000, 1000)));
        assertEquals("more than 2 entries (LAMINA_LAYER_MAX_ENTRIES)",
                refused(new TarBuilder().file("a", "").file("b", "").file("c", "").end(), new Limits(1 << 20, 100, 2)));
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
        assertEquals(Files.getAttribute(root.resolve("a/f"), "unix:ino"), Files.getAttribute(root.resolve("a/g"), "unix:ino"));
        assertEquals(List.of("w/gone"), meta.whiteouts());
        assertEquals(List.of("o"), meta.opaques());
        assertTrue(meta.implicitDirs().containsAll(List.of("deep", "a", "w", "o")), meta.implicitDirs().toString());
        assertFalse(Files.exists(root.resolve("w/.wh.gone")));
    }
}
