package dev.lamina.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.json.JsonObject;
import dev.lamina.image.ref.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** An OCI index or Docker manifest list: one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests) implements ManifestDocument {
    private static final int MAX_ENTRIES = 1024;

    public ImageIndex {
        manifests = List.copyOf(manifests);
    }

    static ImageIndex from(JsonObject o, String mediaType) {
        List<JsonNode> raw = o.array("manifests");
        if (raw.size() > MAX_ENTRIES) throw new JsonException("index has " + raw.size() + " entries; at most " + MAX_ENTRIES);
        List<Descriptor> entries = new ArrayList<>();
        for (JsonNode j : raw) entries.add(Descriptor.from(j));
        return new ImageIndex(mediaType, entries);
    }

    /**
     * The manifest for {@code wanted}: entries that are attestations (BuildKit's
     * "unknown/unknown" with a reference type) or nested indexes are skipped.
     */
    public Descriptor select(Platform wanted) {
        List<Descriptor> runnable = manifests.stream()
                .filter(d -> MediaTypes.MANIFESTS.contains(d.mediaType()))
                .filter(d -> !d.annotations().containsKey("vnd.docker.reference.type"))
                .filter(d -> d.platform() != null && !d.platform().os().equals("unknown"))
                .toList();
        return runnable.stream().filter(d -> wanted.matches(d.platform())).findFirst().orElseThrow(() ->
                new JsonException("no image for " + wanted + " (the index has: "
                        + (runnable.isEmpty() ? "none" : runnable.stream().map(d -> d.platform().toString()).collect(Collectors.joining(", ")))
                        + ")"));
    }
}
