package dev.lamina.image.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.JsonText;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * `lamina save`: images as one tarball in the layout `docker save` writes since
 * Docker 25, an OCI image layout plus Docker's manifest.json, so both `docker load`
 * and OCI tools read it. Blobs go in as stored, each once.
 */
public final class ArchiveSaver {
    private ArchiveSaver() {}

    /**
     * The images `docker save` writes for these names, each with the names it writes for it
     * (moby's tarexport): a repository without a tag, every image with a tag of it, under
     * those tags; a name with a tag, that image under that name; anything else, the image
     * {@code find} finds (it throws for none), under no name (an id). An image asked for
     * twice is written once, with the names of both.
     */
    public static List<StoredImage> select(ImageStore store, List<String> asked, java.util.function.Function<String, StoredImage> find)
            throws IOException {
        java.util.Map<Digest, StoredImage> chosen = new java.util.LinkedHashMap<>();
        java.util.Map<Digest, List<ImageReference>> names = new java.util.LinkedHashMap<>();
        for (String name : asked) {
            ImageReference ref = reference(name);
            boolean repositoryOnly = ref != null && ref.digest() == null && name.lastIndexOf(':') <= name.lastIndexOf('/');
            List<StoredImage> found = new java.util.ArrayList<>();
            if (repositoryOnly)
                for (StoredImage i : store.list())
                    if (i.names().stream().anyMatch(n -> tagOf(n, ref, false))) found.add(i);
            if (found.isEmpty()) found.add(find.apply(name));
            for (StoredImage i : found) {
                chosen.putIfAbsent(i.id(), i);
                List<ImageReference> mine = names.computeIfAbsent(i.id(), k -> new java.util.ArrayList<>());
                for (ImageReference n : i.names())
                    if (ref != null && tagOf(n, ref, !repositoryOnly) && !mine.contains(n)) mine.add(n);
            }
        }
        return chosen.values().stream()
                .map(i -> new StoredImage(names.get(i.id()), i.manifestDigest(), i.manifest(), i.config(), i.layerSizes())).toList();
    }

    private static ImageReference reference(String name) {
        try {
            return ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            return null; // an id or digest
        }
    }

    /** Whether n is a tag saved for ref: ref itself (exact), or any tag of its repository. */
    private static boolean tagOf(ImageReference n, ImageReference ref, boolean exact) {
        return n.tag() != null && n.digest() == null && (exact ? n.equals(ref) : n.name().equals(ref.name()));
    }

    /** index.json's descriptor of the image's manifest. */
    private static ObjectNode indexEntry(ArrayNode index, StoredImage image, long size) {
        return index.addObject().put("mediaType", image.manifest().mediaType())
                .put("digest", image.manifestDigest().toString()).put("size", size);
    }

    public static void save(ImageStore store, List<StoredImage> images, OutputStream out) throws IOException {
        try (StoreLock.Held ignored = store.using(); TarWriter tar = new TarWriter(out)) {
            Set<Digest> blobs = new LinkedHashSet<>();
            ArrayNode index = JsonText.array(), dockerManifest = JsonText.array();
            ObjectNode repositories = JsonText.object();
            for (StoredImage image : images) {
                blobs.add(image.manifestDigest());
                blobs.add(image.id());
                image.manifest().layers().forEach(d -> blobs.add(d.digest()));
                // One entry per tag, as moby's: a tool that reads index.json (containerd's import) finds every name.
                List<ImageReference> tagged = image.names().stream().filter(n -> n.tag() != null && n.digest() == null).toList();
                List<ImageReference> named = !tagged.isEmpty() ? tagged : image.names().stream().limit(1).toList();
                long size = Files.size(store.blobs().path(image.manifestDigest()));
                if (named.isEmpty()) indexEntry(index, image, size);
                for (ImageReference n : named) {
                    ObjectNode annotations = indexEntry(index, image, size).putObject("annotations")
                            .put("io.containerd.image.name", n.toString());
                    if (n.tag() != null) annotations.put("org.opencontainers.image.ref.name", n.tag());
                }
                ObjectNode m = dockerManifest.addObject().put("Config", blobPath(image.id()));
                tagged.stream().map(ImageReference::familiar).forEach(m.putArray("RepoTags")::add);
                image.manifest().layers().stream().map(Descriptor::digest).map(ArchiveSaver::blobPath).forEach(m.putArray("Layers")::add);
                if (!image.manifest().layers().isEmpty())
                    for (ImageReference n : image.names())
                        if (n.tag() != null && n.digest() == null)
                            repositories.withObjectProperty(n.familiarName())
                                    .put(n.tag(), image.manifest().layers().getLast().digest().hex());
            }
            tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            ObjectNode indexJson = JsonText.object().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
            indexJson.set("manifests", index);
            tar.file("index.json", JsonText.write(indexJson).getBytes(StandardCharsets.UTF_8));
            tar.file("manifest.json", JsonText.write(dockerManifest).getBytes(StandardCharsets.UTF_8));
            // The pre-1.10 index of tags, which moby still writes and older tools read.
            if (!repositories.isEmpty())
                tar.file("repositories", JsonText.write(repositories).getBytes(StandardCharsets.UTF_8));
            tar.directory("blobs");
            tar.directory("blobs/sha256");
            for (Digest d : blobs) {
                Path p = store.blobs().path(d);
                try (InputStream in = Files.newInputStream(p)) {
                    tar.file(blobPath(d), Files.size(p), in);
                }
            }
        }
    }

    static String blobPath(Digest d) {
        return "blobs/sha256/" + d.hex();
    }
}
