package dev.lamina.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * What `HEAD /containers/{id}/archive` says of a path (the header
 * X-Docker-Container-Path-Stat, base64 of JSON): its mode is Go's os.FileMode,
 * type bits at the top; a symlink's target comes resolved, absolute.
 */
public record PathStat(String name, long size, long mode, String linkTarget) {
    public static final String HEADER = "X-Docker-Container-Path-Stat";
    private static final long DIR = 1L << 31, SYMLINK = 1L << 27;

    public static PathStat parse(String header) {
        try {
            JsonNode j = Json.MAPPER.readTree(Base64.getDecoder().decode(header.strip()));
            return new PathStat(j.path("name").asText(""), j.path("size").asLong(0), j.path("mode").asLong(0),
                    j.path("linkTarget").asText(""));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("the engine's " + HEADER + " header is not base64 JSON", e));
        }
    }

    public boolean directory() { return (mode & DIR) != 0; }

    public boolean symlink() { return (mode & SYMLINK) != 0; }
}
