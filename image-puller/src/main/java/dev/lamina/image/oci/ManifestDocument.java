package dev.lamina.image.oci;

import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.json.JsonText;

/** What a manifest URL serves: one image's manifest, or an index of manifests per platform. */
public sealed interface ManifestDocument permits Manifest, ImageIndex {
    /** The longest manifest or index Lamina reads; the distribution spec suggests 4 MiB. */
    int MAX_BYTES = 4 << 20;

    /**
     * Parses a manifest or index. The media type comes from the document, else from the
     * Content-Type the registry sent; schema 1 and unknown types are refused by name.
     */
    static ManifestDocument parse(byte[] bytes, String contentType) {
        if (bytes.length > MAX_BYTES) throw new JsonException("manifest is larger than " + MAX_BYTES + " bytes");
        JsonObject o = JsonObject.of(JsonText.parse(bytes), "a manifest");
        String type = o.optString("mediaType", "");
        if (type.isEmpty()) type = contentType == null ? "" : contentType.split(";")[0].trim();
        if (type.isEmpty() || type.equals("application/json")) type = o.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        if (type.equals(MediaTypes.DOCKER_SCHEMA1) || o.has("fsLayers") || (o.has("schemaVersion") && o.number("schemaVersion") == 1))
            throw new JsonException("Docker schema 1 manifests are not supported (deprecated since 2017; push the image again)");
        if (MediaTypes.INDEXES.contains(type)) return ImageIndex.from(o, type);
        if (MediaTypes.MANIFESTS.contains(type)) return Manifest.from(o, type);
        throw new JsonException("unsupported manifest media type '" + type + "'");
    }

    String mediaType();
}
