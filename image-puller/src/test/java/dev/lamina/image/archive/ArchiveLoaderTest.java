package dev.lamina.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoredImage;
import dev.lamina.image.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives that lie are refused and leave no blobs behind. */
class ArchiveLoaderTest {
    @TempDir
    Path dir;

    private String refused(byte[] archive) throws Exception {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        String message = assertThrows(ImageException.class, () -> ArchiveLoader.load(store,
                new ByteArrayInputStream(archive), new Limits(1 << 20, 100, 100), "localhost/loaded")).getMessage();
        try (Stream<Path> blobs = Files.list(dir.resolve("store/blobs/sha256"))) {
            assertEquals(0, blobs.count(), "a refused archive leaves no blobs");
        }
        return message;
    }

    @Test
    void linksMayNotPointOutOfTheArchive() throws Exception {
        assertEquals("the archive's link 'a/layer.tar' points outside it",
                refused(new TarBuilder().file("x.json", "{}").symlink("a/layer.tar", "../../etc/passwd").end()));
    }

    @Test
    void aManifestNamingMissingFilesIsRefused() throws Exception {
        assertEquals("the archive's manifest.json names layer 'l.tar', which the archive lacks",
                refused(new TarBuilder().file("c.json", "{}")
                        .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"a:1\"],\"Layers\":[\"l.tar\"]}]").end()));
    }

    @Test
    void blobsMustMatchTheirNames() throws Exception {
        String wrong = "blobs/sha256/" + "0".repeat(64);
        assertEquals("blob sha256:" + "0".repeat(64) + " does not match its digest (got "
                        + Digest.of("{}".getBytes()) + ")",
                refused(new TarBuilder().file(wrong, "{}").file("index.json", "{\"manifests\":[]}").end()));
    }

    /**
     * The same image loaded twice from archives of different layer blobs (one compressed,
     * as a pull stores it, one not, as `docker save` writes it): one image, one id, both
     * names; found by its id, each name and NAME:TAG@DIGEST, as Docker finds it; its size the unpacked layer's.
     */
    @Test
    void oneConfigIsOneImageWhateverItsManifests() throws Exception {
        byte[] layer = new TarBuilder().file("etc/motd", "hello\n").end();
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(layer);
        }
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(layer) + "\"]}}";
        ImageStore store = ImageStore.open(dir.resolve("store"));
        Limits limits = new Limits(1 << 20, 100, 100);
        for (var named : List.of(new Object[] {"a:1", layer}, new Object[] {"b:1", gz.toByteArray()}))
            ArchiveLoader.load(store, new ByteArrayInputStream(new TarBuilder().file("c.json", config).file("l.tar", (byte[]) named[1])
                    .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"" + named[0] + "\"],\"Layers\":[\"l.tar\"]}]")
                    .end()), limits, "localhost/loaded");
        List<StoredImage> images = store.list();
        assertEquals(1, images.size(), "one image: " + images);
        StoredImage image = images.getFirst();
        assertEquals(List.of(ImageReference.parse("a:1"), ImageReference.parse("b:1")), image.names());
        assertEquals(image.id(), store.find(image.id().hex()).id(), "found by its id");
        assertEquals(image.id(), store.find(image.id().hex().substring(0, 12)).id(), "and by a short one");
        StoredImage b = store.find("b:1");
        assertEquals(image.id(), b.id());
        assertTrue(b.names().contains(ImageReference.parse("b:1")));
        assertEquals(b.manifestDigest(), store.find("b:1@" + b.manifestDigest()).manifestDigest(), "NAME:TAG@DIGEST: the digest's");
        assertEquals(b.manifestDigest(), store.find("b@" + b.manifestDigest()).manifestDigest());
        assertEquals(layer.length, b.size(), "its size is the layer's unpacked, as Docker shows it, not the compressed blob's");

        // Loaded again without a name (kept untagged; its blob compressed otherwise, so a manifest of its own),
        // then removed by id: all of it goes.
        java.io.ByteArrayOutputStream fast = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(fast) {
            { def.setLevel(java.util.zip.Deflater.NO_COMPRESSION); }
        }) {
            out.write(layer);
        }
        StoredImage untagged = ArchiveLoader.load(store, new ByteArrayInputStream(new TarBuilder().file("c.json", config)
                .file("l.tar", fast.toByteArray()).file("manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"l.tar\"]}]").end()),
                limits, "localhost/loaded").getFirst();
        try (var using = store.using()) {
            store.hold(untagged, dev.lamina.image.store.HoldReason.UNTAGGED); // as the engine keeps a load without names
        }
        assertEquals(1, store.list().size());
        store.remove(image.id().hex(), true);
        assertEquals(List.of(), store.list(), "nothing of the image is left");
    }
}
