package dev.lamina.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.ImageException;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.LayerUnpacker;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.layer.TarEntry;
import dev.lamina.image.layer.TarReader;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.ImageIndex;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * `lamina load`: reads a docker-archive (`docker save`, with manifest.json) or an
 * OCI image layout tarball (index.json) in one pass. Every file goes into the blob
 * store as it streams by (OCI blobs checked against their names); the images are
 * then assembled and committed like pulled ones, so the same checks apply.
 */
public final class ArchiveLoader {
    private static final Pattern OCI_BLOB = Pattern.compile("blobs/sha256/([0-9a-f]{64})");
    private static final int MAX_JSON = 4 << 20;

    private final ImageStore store;
    private final Limits limits;
    private final String repositoryForBareTags;
    private final Map<String, Digest> files = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private byte[] dockerManifest, ociIndex;

    private ArchiveLoader(ImageStore store, Limits limits, String repositoryForBareTags) {
        this.store = store;
        this.limits = limits;
        this.repositoryForBareTags = repositoryForBareTags;
    }

    /**
     * Loads every image of the archive, each returned with the names the archive gave it
     * (none for an image saved by its id). OCI layouts that name images only by tag
     * ("3.20") get {@code repositoryForBareTags} as their repository.
     */
    public static List<StoredImage> load(ImageStore store, InputStream archive, Limits limits, String repositoryForBareTags) throws IOException {
        ArchiveLoader loader = new ArchiveLoader(store, limits, repositoryForBareTags);
        try {
            try (StoreLock.Held ignored = store.using()) {
                return loader.run(archive);
            }
        } catch (IOException | RuntimeException e) {
            store.discardUnreferenced();
            throw e;
        }
    }

    private List<StoredImage> run(InputStream archive) throws IOException {
        TarReader tar = new TarReader(Decompression.open(archive, limits, "archive"));
        for (TarEntry e; (e = tar.next()) != null; ) {
            String name = LayerUnpacker.normalise(e.name());
            if (e.type() == TarEntry.Type.SYMLINK) {
                links.put(name, linkTarget(name, e.linkName()));
                continue;
            }
            if (e.type() != TarEntry.Type.FILE) continue;
            switch (name) {
                case "manifest.json" -> dockerManifest = small(tar, e);
                case "index.json" -> ociIndex = small(tar, e);
                case "oci-layout", "repositories" -> small(tar, e);
                default -> {
                    var m = OCI_BLOB.matcher(name);
                    Digest expected = m.matches() ? new Digest(m.group(1)) : null;
                    if (expected != null || name.endsWith(".json") || name.endsWith("/layer.tar") || name.endsWith(".tar"))
                        files.put(name, store.blobs().put(tar.content(), expected, e.size()));
                }
            }
        }
        if (dockerManifest != null) return loadDockerArchive();
        if (ociIndex != null) return loadOciLayout();
        throw new ImageException("not an image archive: it has neither manifest.json (docker save) nor index.json (OCI layout)");
    }

    /** Where a symlink in the archive points, as an archive name; ".." may not climb above the archive. */
    static String linkTarget(String name, String target) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        if (!target.startsWith("/") && name.contains("/"))
            for (String p : name.substring(0, name.lastIndexOf('/')).split("/")) parts.addLast(p);
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (!p.equals("..")) parts.addLast(p);
            else if (parts.pollLast() == null) throw new ImageException("the archive's link '" + name + "' points outside it");
        }
        return String.join("/", parts);
    }

    private static byte[] small(TarReader tar, TarEntry e) throws IOException {
        if (e.size() > MAX_JSON) throw new ImageException(e.name() + " in the archive is larger than " + MAX_JSON + " bytes");
        return tar.content().readAllBytes();
    }

    private Digest file(String name, String what) {
        String n = LayerUnpacker.normalise(name);
        for (int i = 0; i < 8 && links.containsKey(n); i++) n = links.get(n);
        Digest d = files.get(n);
        if (d == null) throw new ImageException("the archive's manifest.json names " + what + " '" + name + "', which the archive lacks");
        return d;
    }

    private List<StoredImage> loadDockerArchive() throws IOException {
        List<StoredImage> loaded = new ArrayList<>();
        JsonNode parsed;
        try {
            parsed = JsonText.parse(dockerManifest);
        } catch (JsonException e) {
            throw new ImageException("the archive's manifest.json: " + e.getMessage());
        }
        if (!parsed.isArray()) throw new ImageException("the archive's manifest.json is not a list");
        for (JsonNode j : parsed) {
            if (!j.isObject()) throw new ImageException("the archive's manifest.json holds a non-object");
            JsonObject o = JsonObject.of(j, "an image");
            Digest config = file(o.string("Config"), "config");
            List<Descriptor> layers = new ArrayList<>();
            for (String layer : o.optStrings("Layers")) {
                Digest d = file(layer, "layer");
                layers.add(new Descriptor(RootfsImport.layerType(store.blobs().path(d)), d, Files.size(store.blobs().path(d))));
            }
            Manifest manifest = new Manifest(MediaTypes.OCI_MANIFEST,
                    new Descriptor(MediaTypes.OCI_CONFIG, config, Files.size(store.blobs().path(config))), layers);
            Digest manifestDigest = store.blobs().put(manifest.toBytes(), null);
            List<ImageReference> names = new ArrayList<>();
            for (String tag : o.optStrings("RepoTags")) names.add(reference(tag));
            // An image saved by its id has no tags: loaded untagged, as docker load leaves it, and kept (dangling) until
            // pruned, unless a name of the store reaches the same image already (it then goes with its last name).
            StoredImage image = store.commit(manifestDigest, names, limits, names.isEmpty() ? config.shortId() : names.getFirst().familiar());
            StoredImage known = names.isEmpty() ? store.find(image.id().toString()) : null;
            if (names.isEmpty() && (known == null || known.names().isEmpty())) store.hold(image, HoldReason.UNTAGGED);
            loaded.add(image);
        }
        return loaded;
    }

    private List<StoredImage> loadOciLayout() throws IOException {
        List<StoredImage> loaded = new ArrayList<>();
        ManifestDocument doc;
        try {
            doc = ManifestDocument.parse(ociIndex, MediaTypes.OCI_INDEX);
        } catch (JsonException e) {
            throw new ImageException("the archive's index.json: " + e.getMessage());
        }
        if (!(doc instanceof ImageIndex index)) throw new ImageException("the archive's index.json is not an index");
        for (Descriptor d : index.manifests()) {
            Descriptor chosen = d;
            if (MediaTypes.INDEXES.contains(d.mediaType())) {
                ImageIndex nested = (ImageIndex) ManifestDocument.parse(blob(d), d.mediaType());
                chosen = nested.select(Platform.host());
            }
            blob(chosen);
            String name = d.annotations().getOrDefault("io.containerd.image.name",
                    d.annotations().getOrDefault("org.opencontainers.image.ref.name", chosen.digest().shortId()));
            ImageReference ref = name.contains(":") || name.contains("/") ? reference(name) : reference(repositoryForBareTags + ":" + name);
            loaded.add(store.commit(chosen.digest(), List.of(ref), limits, ref.familiar()));
        }
        return loaded;
    }

    private byte[] blob(Descriptor d) throws IOException {
        if (!store.blobs().has(d.digest())) throw new ImageException("the archive's index names " + d.digest() + ", which the archive lacks");
        return store.blobs().read(d.digest(), ManifestDocument.MAX_BYTES);
    }

    private static ImageReference reference(String text) {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ImageException("the archive names an image '" + text + "': " + e.getMessage());
        }
    }
}
