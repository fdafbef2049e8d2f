package dev.lamina.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's docker-registry on 127.0.0.1 with its storage in a test directory,
 * optionally behind token auth. Stopped by close().
 */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path storage;

    private LocalRegistry(Process process, int port, Path storage) {
        this.process = process;
        this.port = port;
        this.storage = storage;
    }

    /** Starts a registry; {@code auth} is extra YAML for an "auth:" section, or null for none. */
    public static LocalRegistry start(Path dir, String auth) {
        try {
            int port = freePort();
            Path storage = Files.createDirectories(dir.resolve("storage"));
            String config = "version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem: {rootdirectory: " + storage
                    + "}\n  delete: {enabled: true}\nhttp:\n  addr: 127.0.0.1:" + port + "\n" + (auth == null ? "" : auth);
            Files.writeString(dir.resolve("config.yml"), config);
            Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            LocalRegistry r = new LocalRegistry(p, port, storage);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 100; i++) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return r;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            r.close();
            throw new IllegalStateException("registry did not start: " + Files.readString(dir.resolve("registry.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** "127.0.0.1:PORT", the registry part of image names. */
    public String host() { return "127.0.0.1:" + port; }

    public int port() { return port; }

    /** The file the registry serves for blob {@code hex}: tests corrupt it. */
    public Path blobData(String hex) {
        return storage.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
