package dev.lamina.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store: failures leave it as it was, shared layers outlive one image's removal, crash litter is cleared. */
class ImageStoreTest {
    private static final Limits LIMITS = new Limits(1L << 30, 100, 10_000);

    @TempDir
    Path dir;

    /** An image of plain-tar layers, committed under {@code name}, as a pull would leave it. */
    private static StoredImage image(ImageStore store, String name, byte[]... layers) throws IOException {
        try (StoreLock.Held ignored = store.using()) {
            List<Descriptor> descriptors = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            for (byte[] layer : layers) {
                Digest d = store.blobs().put(layer, null);
                descriptors.add(new Descriptor(MediaTypes.OCI_LAYER, d, layer.length));
                diffIds.add("\"" + d + "\"");
            }
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                    + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
            Digest configDigest = store.blobs().put(config, null);
            Manifest m = new Manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length), descriptors);
            Digest manifest = store.blobs().put(m.toBytes(), null);
            return store.commit(manifest, List.of(ImageReference.parse(name)), LIMITS, name);
        } catch (RuntimeException | IOException e) {
            store.discardUnreferenced();
            throw e;
        }
    }

    private static TreeSet<String> contents(Path storeDir) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        for (String part : List.of("blobs", "layers", "roots", "refs.json")) {
            Path p = storeDir.resolve(part);
            if (!Files.exists(p)) continue;
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path q : walk.toList()) out.add(storeDir.relativize(q) + (Files.isRegularFile(q) ? " " + Files.size(q) : ""));
            }
        }
        return out;
    }

    @Test
    void aLayerWritingThroughALowerSymlinkIsRefusedAndLeavesNothing() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        image(store, "base:1", new TarBuilder().file("etc/os-release", "base").end());
        TreeSet<String> before = contents(dir.resolve("store"));
        byte[] lower = new TarBuilder().symlink("etc", "/host-etc").end();
        byte[] upper = new TarBuilder().file("etc/passwd", "root::0:0::/:/bin/sh").end();
        ImageException e = assertThrows(ImageException.class, () -> image(store, "evil:1", lower, upper));
        assertTrue(e.getMessage().startsWith("evil:1, layer 2 ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("'etc' is a symlink in a lower layer; this layer would write through it"), e.getMessage());
        assertEquals(before, contents(dir.resolve("store")));
    }

    @Test
    void aRefusedLayerLeavesTheStoreAsItWas() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        image(store, "base:1", new TarBuilder().file("a", "a").end());
        TreeSet<String> before = contents(dir.resolve("store"));
        ImageException e = assertThrows(ImageException.class,
                () -> image(store, "bad:1", new TarBuilder().file("ok", "1").end(), new TarBuilder().file("../../x", "x").end()));
        assertTrue(e.getMessage().matches("bad:1, layer 2 \\([0-9a-f]{12}\\): entry '../../x' climbs out with '..'"), e.getMessage());
        assertEquals(before, contents(dir.resolve("store")));
    }

    @Test
    void removingAnImageKeepsLayersAnotherUses() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        byte[] shared = new TarBuilder().file("bin/tool", "shared").end();
        StoredImage one = image(store, "one:1", shared, new TarBuilder().file("one", "1").end());
        StoredImage two = image(store, "two:1", shared, new TarBuilder().file("two", "2").end());
        store.tag(one, ImageReference.parse("alias:1"));
        assertEquals(List.of(ImageReference.parse("one:1")), store.remove("one:1", false));
        assertTrue(Files.exists(store.root(one).resolve("one")), "one still has the name alias:1");
        assertThrows(ImageException.class, () -> store.remove(one.id().hex().substring(0, 12) + "x", false));
        store.remove("alias:1", false);
        assertEquals(List.of("two:1"), store.list().stream().map(i -> i.names().getFirst().familiar()).toList());
        assertEquals("shared", Files.readString(store.root(two).resolve("bin/tool")));
        assertTrue(Files.notExists(dir.resolve("store/roots").resolve(one.id().hex())));
        try (Stream<Path> layers = Files.list(dir.resolve("store/layers"))) {
            assertEquals(2, layers.count(), "the shared layer and two's own");
        }
    }

    @Test
    void keptFindsAnImageByManifestWhileANameOrAHoldKeepsIt() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        StoredImage named = image(store, "one:1", new TarBuilder().file("a", "1").end());
        assertEquals(named.id(), store.kept(named.manifestDigest()).id());
        assertEquals(List.of(ImageReference.parse("one:1")), store.kept(named.manifestDigest()).names());
        store.hold(named, HoldReason.BUILD_STEP);
        image(store, "one:1", new TarBuilder().file("a", "2").end()); // the name moves to another image
        assertEquals(named.id(), store.kept(named.manifestDigest()).id(), "held by a build step, without a name");
        store.release(named);
        assertEquals(null, store.kept(named.manifestDigest()), "neither named nor held");
        assertEquals(null, store.kept(named.id()), "an id is not a manifest");
    }

    /**
     * A name moved to another image (a rebuild with the same tag, a newer pull, a tag) leaves the image it
     * named dangling, listed as {@code <none>:<none>} and kept, as Docker's; before, it was neither listed nor
     * kept, its content collected from under the containers made of it.
     */
    @Test
    void anImageANameMovesAwayFromIsKeptDangling() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        StoredImage old = image(store, "app:1", new TarBuilder().file("v", "1").end());
        store.hold(old, HoldReason.BUILD_STEP);
        StoredImage both = image(store, "both:1", new TarBuilder().file("v", "both").end());
        store.tag(both, ImageReference.parse("both:2"));
        image(store, "app:1", new TarBuilder().file("v", "2").end());
        image(store, "both:1", new TarBuilder().file("v", "3").end());
        store.collectGarbage();
        assertEquals(List.of(), store.find(old.id().hex()).names());
        assertEquals("1", Files.readString(store.root(old).resolve("v")));
        assertTrue(store.list().stream().anyMatch(i -> i.id().equals(old.id()) && i.names().isEmpty()), "listed as <none>");
        assertTrue(store.list().stream().anyMatch(i -> i.id().equals(both.id()) && i.names().equals(List.of(ImageReference.parse("both:2")))),
                "still named both:2, so not dangling");
        store.tag(old, ImageReference.parse("again:1"));
        assertEquals(List.of(ImageReference.parse("again:1")), store.find(old.id().hex()).names());
        store.remove("again:1", false);
        assertEquals(null, store.kept(old.manifestDigest()), "its last name removed, a build's image goes, as moby deletes it");
    }

    @Test
    void aRemovedRootIsMadeAgainFromTheLayers() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        StoredImage image = image(store, "one:1", new TarBuilder().file("a", "a").file("gone", "x").end(),
                new TarBuilder().file("b", "b").file(".wh.gone", "").end());
        TreeSet<String> whole = contents(dir.resolve("store"));
        Trees.delete(store.root(image).getParent());
        assertEquals("b", Files.readString(store.root(image).resolve("b")));
        assertEquals(whole, contents(dir.resolve("store")));
        Trees.delete(store.root(image)); // the tree alone, its metadata left
        assertEquals("a", Files.readString(store.root(image).resolve("a")));
        assertEquals(whole, contents(dir.resolve("store")));
    }

    @Test
    void aRemovedRootWhoseLayersAreGoneTooSaysHowToRepair() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        StoredImage image = image(store, "one:1", new TarBuilder().file("a", "a").end());
        Trees.delete(store.root(image).getParent());
        Trees.delete(store.layers().root(image.config().diffIds().getFirst()).getParent());
        ImageException e = assertThrows(ImageException.class, () -> store.root(image));
        assertTrue(e.getMessage().matches("one:1: the image's root and its layer 1 \\([0-9a-f]{12}\\) are missing from the store; "
                + "pull, load or import the image again"), e.getMessage());
    }

    @Test
    void namesOfTheWrongJsonTypeSayTheStoreIsDamaged() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        Path refs = dir.resolve("store/refs.json");
        for (String json : List.of("[]", "\"x\"", "{\"a\": 5}", "{\"refs\": []}", "{\"refs\": {\"one:1\": 5}}", "{\"refs\": {\"one:1\": \"x\"}}")) {
            Files.writeString(refs, json);
            ImageException e = assertThrows(ImageException.class, store::list, json);
            assertTrue(e.getMessage().startsWith("the image store is damaged: " + refs + ": ")
                    && e.getMessage().endsWith("; remove that file, then pull, load or import the images again (their names are lost)")
                    && !e.getMessage().contains("class "), e.getMessage());
        }
    }

    @Test
    void storedMetadataOfTheWrongJsonTypeSaysTheStoreIsDamaged() throws IOException {
        ImageStore store = ImageStore.open(dir.resolve("store"));
        StoredImage image = image(store, "one:1", new TarBuilder().file("a", "a").end());
        Digest diffId = image.config().diffIds().getFirst();
        Path layerJson = dir.resolve("store/layers").resolve(diffId.hex()).resolve("layer.json");
        Path rootJson = store.root(image).resolveSibling("metadata.json");
        String special = "{\"path\": \"dev/x\", \"type\": \"%s\", \"mode\": 0, \"uid\": 0, \"gid\": 0, \"major\": 1, \"minor\": 3}";
        for (String json : List.of("[]", "{\"specialFiles\": [5], \"owners\": {}}", "{\"specialFiles\": [], \"owners\": {\"a\": 5}}",
                "{\"specialFiles\": [], \"owners\": {\"a\": []}}", "{\"specialFiles\": [], \"owners\": {\"a\": [\"0\", 0]}}",
                "{\"specialFiles\": [" + special.formatted("NODE") + "], \"owners\": {}}", "{\"owners\": {}}",
                "{\"specialFiles\": [], \"owners\": {}, \"xattrs\": {\"a\": {\"user.x\": \"!!\"}}}")) {
            Files.writeString(layerJson, json);
            Files.writeString(rootJson, json);
            ImageException layer = assertThrows(ImageException.class, () -> store.layers().metadata(diffId), json);
            assertTrue(layer.getMessage().startsWith("the image store is damaged: " + layerJson + ": ")
                    && layer.getMessage().endsWith("; remove " + layerJson.getParent() + ", then pull, load or import the image again"), layer.getMessage());
            ImageException root = assertThrows(ImageException.class, () -> store.rootMetadata(image), json);
            assertTrue(root.getMessage().startsWith("the image store is damaged: " + rootJson + ": ")
                    && root.getMessage().endsWith("; remove " + rootJson.getParent() + "; the next run makes it again"), root.getMessage());
        }
        Path config = store.blobs().path(image.id());
        Files.writeString(config, "{\"rootfs\": {\"type\": \"layers\", \"diff_ids\": [5]}}");
        ImageException e = assertThrows(ImageException.class, store::list);
        assertEquals("the image store is damaged: " + config + ": a diff id must be a string; remove that file, then pull, load or import the image again",
                e.getMessage());
    }

    @Test
    void leftoversOfADeadProcessAreClearedOnOpen() throws IOException {
        Path litter = Files.createDirectories(dir.resolve("store/tmp/999999999/layer-123/root"));
        Files.writeString(litter.resolve("half-written"), "x");
        ImageStore.open(dir.resolve("store"));
        assertTrue(Files.notExists(dir.resolve("store/tmp/999999999")));
    }
}
