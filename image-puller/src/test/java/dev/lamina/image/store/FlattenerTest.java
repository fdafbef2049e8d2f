package dev.lamina.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.layer.LayerUnpacker;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers merged as overlayfs shows them, with the metadata of what the host could not hold (owners, devices). */
class FlattenerTest {
    @TempDir
    Path dir;

    private LayerMetadata flatten(byte[]... tars) throws IOException {
        List<Flattener.Layer> layers = new ArrayList<>();
        for (int i = 0; i < tars.length; i++) {
            Path root = Files.createDirectories(dir.resolve("layer" + i));
            // Owners recorded, not applied: the metadata then shows what each layer left behind.
            LayerMetadata meta = LayerUnpacker.unpack(new ByteArrayInputStream(tars[i]), root, false, Limits.defaults());
            layers.add(new Flattener.Layer(String.valueOf(i + 1), root, meta));
        }
        return Flattener.flatten(layers, Files.createDirectory(dir.resolve("root")));
    }

    /** Each path of the root: "dir", "-> target" or the file's content. */
    private Map<String, String> tree() throws IOException {
        Path root = dir.resolve("root");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) continue;
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, "-> " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(rel, "dir");
                else out.put(rel, Files.readString(p));
            }
        }
        return out;
    }

    private static TarBuilder owned(TarBuilder t, String name, char type, String content, int uid) {
        return t.pax("uid", String.valueOf(uid)).entry(name, type, content.getBytes(), "", type == '5' ? 0755 : 0644);
    }

    @Test
    void upperLayersReplaceRemoveAndHide() throws IOException {
        TarBuilder lower = new TarBuilder().dir("a").file("a/one", "1").file("a/two", "2").file("b", "file b")
                .dir("c").file("c/x", "x").symlink("l", "a").file("keep", "k").dir("d").file("d/f", "f");
        owned(lower, "c/owned", '0', "o", 1000);
        owned(lower, "d/owned", '0', "o", 1000);
        lower.device("dev-null", '3');
        TarBuilder upper = new TarBuilder().file("a/.wh..wh..opq", "").file("a/three", "3") // opaque: a keeps only three
                .dir("b").file("b/now-a-dir", "yes") // a file becomes a directory
                .file("c", "now a file") // a directory becomes a file, and its owners go with it
                .file(".wh.l", "") // the symlink goes
                .file("d/.wh.f", "") // one file of d goes, the rest stays
                .file(".wh.dev-null", "");
        owned(upper, "e", '0', "e", 2000);
        LayerMetadata merged = flatten(lower.end(), upper.end());
        assertEquals(new TreeMap<>(Map.of("a", "dir", "a/three", "3", "b", "dir", "b/now-a-dir", "yes", "c", "now a file",
                "d", "dir", "d/owned", "o", "e", "e", "keep", "k")), tree());
        assertEquals(Map.of("d/owned", new LayerMetadata.Owner(1000, 0), "e", new LayerMetadata.Owner(2000, 0)), merged.owners());
        assertEquals(List.of(), merged.specialFiles());
    }

    @Test
    void anOpaqueRootHidesEveryLowerEntry() throws IOException {
        TarBuilder lower = new TarBuilder().dir("etc").file("etc/passwd", "p").device("null", '3');
        owned(lower, "home", '5', "", 1000);
        LayerMetadata merged = flatten(lower.end(), new TarBuilder().file(".wh..wh..opq", "").file("only", "1").end());
        assertEquals(Map.of("only", "1"), tree());
        assertEquals(Map.of(), merged.owners());
        assertEquals(List.of(), merged.specialFiles());
    }

    @Test
    void devicesAndOwnersOfLowerLayersSurviveUntouchedPaths() throws IOException {
        TarBuilder lower = new TarBuilder().dir("dev").device("dev/null", '3');
        owned(lower, "srv", '5', "", 33);
        LayerMetadata merged = flatten(lower.end(), new TarBuilder().file("srv/index.html", "hi").end());
        assertEquals(Map.of("dev", "dir", "srv", "dir", "srv/index.html", "hi"), tree());
        assertEquals(Map.of("srv", new LayerMetadata.Owner(33, 0)), merged.owners());
        assertEquals(List.of("dev/null"), merged.specialFiles().stream().map(LayerMetadata.SpecialFile::path).toList());
    }

    /** A directory keeps the time of the layer that last listed it, not the time its children were linked in
     * (`ls -ld --full-time /usr/bin` showed the pull's time; make and find -newer read it). */
    @Test
    void directoriesKeepTheirLayersTimes() throws IOException {
        TarBuilder lower = new TarBuilder().pax("mtime", "1000000000").dir("usr").pax("mtime", "1100000000").dir("usr/bin")
                .file("usr/bin/a", "a");
        TarBuilder upper = new TarBuilder().pax("mtime", "1200000000").dir("usr/bin").file("usr/bin/b", "b").file("top", "t");
        flatten(lower.end(), upper.end());
        Path root = dir.resolve("root");
        assertEquals(1000000000L, Files.getLastModifiedTime(root.resolve("usr"), LinkOption.NOFOLLOW_LINKS).toMillis() / 1000);
        assertEquals(1200000000L, Files.getLastModifiedTime(root.resolve("usr/bin"), LinkOption.NOFOLLOW_LINKS).toMillis() / 1000);
    }
}
