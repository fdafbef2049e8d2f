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

    public static void save(ImageStore store, List<StoredImage> images, OutputStream out) throws IOException {
        try (StoreLock.Held ignored = store.using(); TarWriter tar = new TarWriter(out)) {
            Set<Digest> blobs = new LinkedHashSet<>();
            ArrayNode index = JsonText.array(), dockerManifest = JsonText.array();
            for (StoredImage image : images) {
                blobs.add(image.manifestDigest());
                blobs.add(image.id());
                image.manifest().layers().forEach(d -> blobs.add(d.digest()));
                ObjectNode entry = index.addObject().put("mediaType", image.manifest().mediaType())
                        .put("digest", image.manifestDigest().toString()).put("size", Files.size(store.blobs().path(image.manifestDigest())));
                ImageReference first = image.names().isEmpty() ? null : image.names().getFirst();
                if (first != null) {
                    ObjectNode annotations = entry.putObject("annotations").put("io.containerd.image.name", first.toString());
                    if (first.tag() != null) annotations.put("org.opencontainers.image.ref.name", first.tag());
                }
                ObjectNode m = dockerManifest.addObject().put("Config", blobPath(image.id()));
                image.names().stream().filter(n -> n.tag() != null && n.digest() == null).map(ImageReference::familiar)
                        .forEach(m.putArray("RepoTags")::add);
                image.manifest().layers().stream().map(Descriptor::digest).map(ArchiveSaver::blobPath).forEach(m.putArray("Layers")::add);
            }
            tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            ObjectNode indexJson = JsonText.object().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
            indexJson.set("manifests", index);
            tar.file("index.json", JsonText.write(indexJson).getBytes(StandardCharsets.UTF_8));
            tar.file("manifest.json", JsonText.write(dockerManifest).getBytes(StandardCharsets.UTF_8));
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
