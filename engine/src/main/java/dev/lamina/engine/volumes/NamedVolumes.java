package dev.lamina.engine.volumes;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named volumes (`docker volume create`, `-v NAME:/path`): a directory per volume
 * under the data root, NAME/_data, bound into containers like a host directory;
 * its labels, if any, in NAME/labels.json (written before _data, which makes the
 * volume exist).
 */
public final class NamedVolumes {
    /** The label moby gives a volume created without a name: `volume prune` takes only those unless told all. */
    public static final String ANONYMOUS = "com.docker.volume.anonymous";
    private static final String LABELS = "labels.json";
    /** Docker's rule for a volume name. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private final Path dir;
    private final Events events;

    public NamedVolumes(Path dir, Events events) {
        this.dir = dir;
        this.events = events;
    }

    public record Volume(String name, Path data, String createdAt, Map<String, String> labels) {}

    /** Makes the volume (with an event) with {@code labels} unless it exists (then it is kept as it is, as moby does); returns its data directory. */
    public synchronized Path create(String name, Map<String, String> labels) {
        Path data = checkName(name);
        if (Files.isDirectory(data)) return data;
        try {
            Files.createDirectories(data.getParent());
            Path temp = data.resolveSibling(LABELS + ".new");
            Files.write(temp, Json.bytes(labels));
            Files.move(temp, data.resolveSibling(LABELS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the volume " + name, e);
        }
        events.publish("volume", "create", name, Map.of("driver", "local"));
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
        return new Volume(name, data, created, labels(data.resolveSibling(LABELS)));
    }

    /** A volume's labels; none when it has no file (a volume made before labels were kept). */
    private static Map<String, String> labels(Path file) {
        if (!Files.exists(file)) return Map.of();
        try {
            return Map.copyOf(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the labels of the volume in " + file.getParent(), e);
        }
    }

    public synchronized void remove(String name) {
        find(name);
        try {
            Trees.delete(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the volume " + name, e);
        }
        events.publish("volume", "destroy", name, Map.of("driver", "local"));
    }
}
