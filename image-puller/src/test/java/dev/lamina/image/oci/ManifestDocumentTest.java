package dev.lamina.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.image.json.JsonException;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Manifests, indexes and configs from registries: read leniently where Docker's and OCI's formats vary, bounded everywhere. */
class ManifestDocumentTest {
    private static final String LAYER = "{\"mediaType\": \"" + MediaTypes.OCI_LAYER_GZIP + "\", \"digest\": \"sha256:" + "b".repeat(64)
            + "\", \"size\": 3}";
    private static final String MANIFEST = "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"" + MediaTypes.OCI_CONFIG
            + "\", \"digest\": \"sha256:" + "a".repeat(64) + "\", \"size\": 2}, \"layers\": [%s]}";

    private static ManifestDocument parse(String json, String contentType) {
        return ManifestDocument.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static void assertRefused(String message, Runnable parse) {
        assertEquals(message, assertThrows(JsonException.class, parse::run).getMessage());
    }

    @Test
    void theMediaTypeComesFromTheDocumentElseTheContentType() {
        Manifest m = assertInstanceOf(Manifest.class, parse(MANIFEST.formatted(LAYER), "application/json"));
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(List.of(3L), m.layers().stream().map(Descriptor::size).toList());
        assertEquals(MediaTypes.DOCKER_MANIFEST, parse(MANIFEST.formatted(LAYER), MediaTypes.DOCKER_MANIFEST + "; charset=utf-8").mediaType());
        // Unknown fields are ignored, as the spec asks; written back, the manifest reads the same.
        Manifest extra = (Manifest) parse(MANIFEST.formatted(LAYER).replace("{\"schemaVersion\"", "{\"annotations\": {\"a\": \"b\"}, \"x\": [1], \"schemaVersion\""), null);
        assertEquals(m, ManifestDocument.parse(extra.toBytes(), null));
    }

    @Test
    void whatLaminaCannotRunIsRefusedByName() {
        assertRefused("Docker schema 1 manifests are not supported (deprecated since 2017; push the image again)",
                () -> parse("{\"schemaVersion\": 1, \"fsLayers\": []}", null));
        assertRefused("unsupported manifest media type 'text/html'", () -> parse("{}", "text/html"));
        assertRefused("layer sha256:" + "b".repeat(64) + " has unsupported media type 'x'",
                () -> parse(MANIFEST.formatted(LAYER.replace(MediaTypes.OCI_LAYER_GZIP, "x")), null));
        assertRefused("descriptor sha256:" + "b".repeat(64) + " has a negative size",
                () -> parse(MANIFEST.formatted(LAYER.replace("\"size\": 3", "\"size\": -1")), null));
        assertRefused("field 'size' must be an integer", () -> parse(MANIFEST.formatted(LAYER.replace("\"size\": 3", "\"size\": \"3\"")), null));
        assertRefused("a descriptor must be an object", () -> parse(MANIFEST.formatted("5"), null));
        assertRefused("a manifest must be an object", () -> parse("[]", null));
    }

    @Test
    void sizesAreBounded() {
        String padded = MANIFEST.formatted(LAYER).replace("{\"schemaVersion\"", "{\"x\": \"" + "x".repeat(ManifestDocument.MAX_BYTES) + "\", \"schemaVersion\"");
        assertRefused("manifest is larger than " + ManifestDocument.MAX_BYTES + " bytes", () -> parse(padded, null));
        String layers = String.join(", ", java.util.Collections.nCopies(Manifest.MAX_LAYERS + 1, LAYER));
        assertRefused("manifest has " + (Manifest.MAX_LAYERS + 1) + " layers; at most " + Manifest.MAX_LAYERS, () -> parse(MANIFEST.formatted(layers), null));
        String entry = "{\"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\", \"digest\": \"sha256:" + "d".repeat(64) + "\", \"size\": 1}";
        String index = "{\"manifests\": [" + String.join(", ", java.util.Collections.nCopies(1025, entry)) + "]}";
        assertRefused("index has 1025 entries; at most 1024", () -> parse(index, null));
        byte[] config = new byte[ImageConfig.MAX_BYTES + 1];
        assertRefused("image config is larger than " + ImageConfig.MAX_BYTES + " bytes", () -> ImageConfig.parse(config));
    }

    @Test
    void anIndexOffersOnlyRunnableImages() {
        String index = """
                {"manifests": [
                  {"mediaType": "%1$s", "digest": "sha256:%2$s", "size": 1, "platform": {"os": "unknown", "architecture": "unknown"}},
                  {"mediaType": "%1$s", "digest": "sha256:%3$s", "size": 1, "platform": {"os": "linux", "architecture": "aarch64", "variant": "v8"},
                   "annotations": {"n": 5, "s": "t"}}
                ]}""".formatted(MediaTypes.OCI_MANIFEST, "1".repeat(64), "2".repeat(64));
        ImageIndex i = assertInstanceOf(ImageIndex.class, parse(index, null));
        Descriptor arm = i.select(new Platform("linux", "arm64", ""));
        assertEquals(Digest.parse("sha256:" + "2".repeat(64)), arm.digest());
        assertEquals(java.util.Map.of("s", "t"), arm.annotations()); // annotations that are not strings are ignored
        assertRefused("no image for linux/amd64 (the index has: linux/arm64)", () -> i.select(new Platform("linux", "amd64", "")));
    }

    @Test
    void aConfigNullsAndDefaults() {
        ImageConfig c = ImageConfig.parse(("{\"config\": {\"Cmd\": null, \"Env\": [\"A=b\"]}, \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), c.cmd());
        assertEquals(List.of("A=b"), c.env());
        assertEquals(new Platform("linux", "amd64", ""), c.platform());
        assertRefused("rootfs type must be 'layers'", () -> ImageConfig.parse("{\"rootfs\": {\"type\": \"x\", \"diff_ids\": []}}".getBytes(StandardCharsets.UTF_8)));
        Digest diffId = Digest.parse("sha256:" + "c".repeat(64));
        ImageConfig imported = ImageConfig.parse(ImageConfig.forImport(new Platform("linux", "amd64", ""), diffId, List.of("/bin/sh"), "t"));
        assertEquals(List.of(diffId), imported.diffIds());
        assertEquals(List.of("/bin/sh"), imported.cmd());
    }
}
