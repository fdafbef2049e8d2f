package dev.lamina.engine.volumes;

import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named volumes (`docker volume create`, `-v NAME:/path`): a directory per volume
 * under the data root, NAME/_data, bound into containers like a host directory.
 */
public final class NamedVolumes {
    /** Docker's rule for a volume name. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private final Path dir;
    private final Events events;

    public NamedVolumes(Path dir, Events events) {
        this.dir = dir;
        this.events = events;
    }

    public record Volume(String name, Path data, String createdAt) {}

    /** The volume's data directory, made (with an event) when {@code make} and missing; null when missing and not made. */
    public synchronized Path dataDir(String name, boolean make) {
        Path data = checkName(name);
        if (Files.isDirectory(data)) return data;
        if (!make) return null;
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the volume " + name, e);
        }
        events.publish("volume", "create", name, java.util.Map.of("driver", "local"));
        return data;
    }

    /** Where the volume's data is (whether or not it exists); 400 for a name Docker refuses. */
    public Path checkName(String name) {
        if (!VALID.matcher(name).matches())
            throw ApiException.badRequest("create " + name + ": \"" + name
                    + "\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed");
        return dir.resolve(name).resolve("_data");
    }

    public Volume find(String name) {
        Path data = checkName(name);
        if (!Files.isDirectory(data)) throw ApiException.notFound("get " + name + ": no such volume");
        return volume(name, data);
    }

    public List<Volume> list() {
        List<Volume> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                Path data = p.resolve("_data");
                if (Files.isDirectory(data)) out.add(volume(p.getFileName().toString(), data));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list volumes", e);
        }
        return out;
    }

    private static Volume volume(String name, Path data) {
        String created;
        try {
            created = Files.readAttributes(data, BasicFileAttributes.class).creationTime().toInstant().toString();
        } catch (IOException e) {
            created = Instant.EPOCH.toString();
        }
        return new Volume(name, data, created);
    }

    public synchronized void remove(String name) {
        find(name);
        try {
            Trees.delete(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the volume " + name, e);
        }
        events.publish("volume", "destroy", name, java.util.Map.of("driver", "local"));
    }
}
