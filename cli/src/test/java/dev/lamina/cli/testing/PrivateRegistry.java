package dev.lamina.cli.testing;

import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loopback registry behind Docker's token auth (401 with a Bearer challenge, a
 * Basic login at the token service, then the token) holding alpine as
 * {@link #image()}, pushed with the one login it knows: {@link #USER}/{@link #PASSWORD}.
 */
public final class PrivateRegistry implements AutoCloseable {
    public static final String USER = "tester", PASSWORD = "s3cret";

    private final Path dir;
    private final TokenServer tokens;
    private final LocalRegistry registry;
    private final String image;

    private PrivateRegistry(Path dir, TokenServer tokens, LocalRegistry registry) {
        this.dir = dir;
        this.tokens = tokens;
        this.registry = registry;
        this.image = registry.host() + "/private/alpine:3.20";
    }

    public static PrivateRegistry start() throws IOException {
        Path dir = Files.createTempDirectory("lamina-private-registry");
        TokenServer tokens = new TokenServer(dir, USER, PASSWORD);
        LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), tokens.registryAuthYaml());
        PrivateRegistry p = new PrivateRegistry(dir, tokens, registry);
        OciImages.push(OciImages.alpine(dir, "x86_64"), "alpine", p.image, "--dest-creds", USER + ":" + PASSWORD);
        return p;
    }

    /** host:port */
    public String host() { return registry.host(); }

    public String image() { return image; }

    @Override
    public void close() throws IOException {
        registry.close();
        tokens.close();
        Trees.delete(dir);
    }
}
