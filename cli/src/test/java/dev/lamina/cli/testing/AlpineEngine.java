package dev.lamina.cli.testing;

import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * What the engine's client tests start from: a loopback registry serving alpine
 * 3.20 as library/alpine:3.20 and `lamina engine` on a data root of its own,
 * all under one temporary directory that close() deletes.
 */
public final class AlpineEngine implements AutoCloseable {
    private final Path dir;
    private final LocalRegistry registry;
    private final Path alpineLayout;
    private EngineProcess engine;

    private AlpineEngine(Path dir, LocalRegistry registry, Path alpineLayout) {
        this.dir = dir;
        this.registry = registry;
        this.alpineLayout = alpineLayout;
    }

    public static AlpineEngine start(String name) {
        try {
            Path dir = Files.createTempDirectory(name);
            LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), null);
            AlpineEngine e = new AlpineEngine(dir, registry, OciImages.alpine(dir, "x86_64"));
            try {
                e.push("library/alpine:3.20");
                e.engine = EngineProcess.start(dir.resolve("data"));
                return e;
            } catch (RuntimeException | Error failure) {
                e.close();
                throw failure;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test's own directory, for files it needs. */
    public Path dir() { return dir; }

    public LocalRegistry registry() { return registry; }

    public EngineProcess engine() { return engine; }

    /** Pushes alpine 3.20 to the registry as {@code repoTag} too; returns its full name (127.0.0.1:PORT/repoTag). */
    public String push(String repoTag) {
        String name = registry.host() + "/" + repoTag;
        OciImages.push(alpineLayout, "alpine", name);
        return name;
    }

    /**
     * Pushes an image made here: alpine's files as one layer (so new to the engine),
     * then {@code extraLayers} (tar files), with {@code config} the members of its
     * runtime config (JSON); returns its full name.
     */
    public String pushCrafted(String repoTag, String config, List<Path> extraLayers) {
        try {
            Path alpineTar = dir.resolve("alpine.tar");
            if (!Files.exists(alpineTar)) {
                try (var in = new GZIPInputStream(Files.newInputStream(AlpineRootfs.tarball()))) {
                    Files.copy(in, alpineTar);
                }
            }
            List<Path> layers = new ArrayList<>(List.of(alpineTar));
            layers.addAll(extraLayers);
            Path layout = OciImages.fromTars(Files.createTempDirectory(dir, "oci-crafted"), layers, false, config);
            String name = registry.host() + "/" + repoTag;
            OciImages.push(layout, "crafted", name);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "127.0.0.1:PORT/library/alpine:3.20", not pulled yet. */
    public String alpine() { return registry.host() + "/library/alpine:3.20"; }

    @Override
    public void close() throws IOException {
        if (engine != null) engine.close();
        registry.close();
        Trees.delete(dir);
    }
}
