package dev.lamina.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
