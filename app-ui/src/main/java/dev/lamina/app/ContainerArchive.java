package dev.lamina.app;

import java.io.Closeable;
import java.io.InputStream;

/** An answer of `GET /containers/{id}/archive`: the path's stat and the tar of it, open until closed. */
public record ContainerArchive(PathStat stat, InputStream tar, Closeable response) implements AutoCloseable {
    @Override
    public void close() throws java.io.IOException {
        try (response) {
            tar.close();
        }
    }
}
