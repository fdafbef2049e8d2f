package dev.lamina.image.archive;

import dev.lamina.image.json.Json;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `lamina save`: images as one tarball in the layout `docker save` writes since
 * Docker 25, an OCI image layout plus Docker's manifest.json, so both `docker load`
 * and OCI tools read it. Blobs go in as stored, each once.
 */
public final class ArchiveSaver {
    private ArchiveSaver() {}

    public static void save(ImageStore store, List<StoredImage> images, OutputStream out) throws IOException {
        try (StoreLock.Held ignored = store.using(); TarWriter tar = new TarWriter(out)) {
            Set<Digest> blobs = new LinkedHashSet<>();
            List<Json> index = new ArrayList<>(), dockerManifest = new ArrayList<>();
            for (StoredImage image : images) {
                blobs.add(image.manifestDigest());
                blobs.add(image.id());
                image.manifest().layers().forEach(d -> blobs.add(d.digest()));
                Map<String, Json> entry = new LinkedHashMap<>();
                entry.put("mediaType", Json.of(image.manifest().mediaType()));
                entry.put("digest", Json.of(image.manifestDigest().toString()));
                entry.put("size", Json.of(Files.size(store.blobs().path(image.manifestDigest()))));
                ImageReference first = image.names().isEmpty() ? null : image.names().getFirst();
                if (first != null) {
                    Map<String, Json> annotations = new LinkedHashMap<>();
                    annotations.put("io.containerd.image.name", Json.of(first.toString()));
                    if (first.tag() != null) annotations.put("org.opencontainers.image.ref.name", Json.of(first.tag()));
                    entry.put("annotations", Json.object(annotations));
                }
                index.add(Json.object(entry));
                Map<String, Json> m = new LinkedHashMap<>();
                m.put("Config", Json.of(blobPath(image.id())));
                m.put("RepoTags", Json.strings(image.names().stream().filter(n -> n.tag() != null && n.digest() == null)
                        .map(ImageReference::familiar).toList()));
                m.put("Layers", Json.strings(image.manifest().layers().stream().map(Descriptor::digest).map(ArchiveSaver::blobPath).toList()));
                dockerManifest.add(Json.object(m));
            }
            tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            Map<String, Json> indexJson = new LinkedHashMap<>();
            indexJson.put("schemaVersion", Json.of(2));
            indexJson.put("mediaType", Json.of(MediaTypes.OCI_INDEX));
            indexJson.put("manifests", new Json.Arr(index));
            tar.file("index.json", Json.object(indexJson).write().getBytes(StandardCharsets.UTF_8));
            tar.file("manifest.json", new Json.Arr(dockerManifest).write().getBytes(StandardCharsets.UTF_8));
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
