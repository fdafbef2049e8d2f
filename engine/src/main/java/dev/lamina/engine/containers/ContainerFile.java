package dev.lamina.engine.containers;

import dev.lamina.engine.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A container's container.json: written to a temporary file, then renamed over
 * the old one, so an engine killed at any moment leaves the old or the new
 * state, never half of one. (Not synced: what a killed process wrote stays in
 * the page cache; a sync per change would cost every `docker run` milliseconds.)
 */
final class ContainerFile {
    static final String NAME = "container.json";
    private static final String TEMP = NAME + ".new";

    private ContainerFile() {}

    static void write(Path dir, ContainerRecord record) throws IOException {
        Path temp = dir.resolve(TEMP);
        Files.write(temp, Json.bytes(record));
        Files.move(temp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The record kept in {@code dir}; null when there is none (a container whose creation did not finish). */
    static ContainerRecord read(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(TEMP));
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) return null;
        return Json.MAPPER.readValue(file.toFile(), ContainerRecord.class);
    }
}
