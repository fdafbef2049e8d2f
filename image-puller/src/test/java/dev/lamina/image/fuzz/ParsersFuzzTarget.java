package dev.lamina.image.fuzz;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.ResponseFuzzing;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.layer.Decompression;
import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.layer.LayerUnpacker;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.oci.MediaTypes;
import dev.lamina.image.store.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of what Lamina parses from registries and
 * archives (layers, manifests, indexes, configs, HTTP responses) and what the store
 * reads back (layer and root metadata): the first byte picks the parser, the rest is
 * its input. Each may only refuse with its own
 * exception, never crash, hang or write outside its directory.
 * {@link ParsersFuzzTest} runs it for a bounded time in every `mvn verify`.
 */
public final class ParsersFuzzTarget {
    private static final Limits LIMITS = new Limits(8 << 20, 100, 1000);

    private ParsersFuzzTarget() {}

    /** Jazzer's entry point. */
    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        if (input.length == 0) return;
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        switch (input[0] & 7) {
            case 0 -> layer(data);
            case 1 -> expect(() -> ManifestDocument.parse(data, MediaTypes.OCI_MANIFEST));
            case 2 -> expect(() -> ImageConfig.parse(data));
            case 5 -> storeMetadata(data);
            case 4 -> ResponseFuzzing.parse(data);
            default -> expect(() -> ManifestDocument.parse(data, null));
        }
    }

    private static void layer(byte[] data) throws IOException {
        Path parent = Files.createTempDirectory("lamina-fuzz");
        Path root = Files.createDirectory(parent.resolve("root"));
        try (InputStream in = Decompression.open(new ByteArrayInputStream(data), LIMITS, "fuzz")) {
            LayerUnpacker.unpack(in, root, false, LIMITS);
        } catch (ImageException | IOException e) {
            // a refusal is the expected outcome for most inputs
        } finally {
            try (Stream<Path> s = Files.list(parent)) {
                if (s.anyMatch(p -> !p.equals(root))) throw new AssertionError("the layer wrote beside its root");
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList())
                    if (!p.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(root.toRealPath())) throw new AssertionError("escaped: " + p);
            }
            Trees.delete(parent);
        }
    }

    /** What the store reads back from its own layer.json and metadata.json: only a JsonException may refuse it. */
    private static void storeMetadata(byte[] data) {
        try {
            LayerMetadata.fromJson(data);
        } catch (JsonException e) {
            // refused with a message: fine
        }
    }

    private static void expect(Runnable parse) {
        try {
            parse.run();
        } catch (JsonException | ImageException | IllegalArgumentException e) {
            // refused with a message: fine
        }
    }
}
