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
 * its labels, if any, in NAME/labels.json and the local driver's options in
 * NAME/options.json (written before _data, which makes the volume exist). A volume
 * with options type=none, o=bind and device=DIR binds DIR instead (compose's
 * `driver_opts` for a host directory).
 */
public final class NamedVolumes {
    /** The label moby gives a volume created without a name: `volume prune` takes only those unless told all. */
    public static final String ANONYMOUS = "com.docker.volume.anonymous";
    private static final String LABELS = "labels.json", OPTIONS = "options.json";
    /** Docker's rule for a volume name. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private final Path dir;
    private final Events events;

    public NamedVolumes(Path dir, Events events) {
        this.dir = dir;
        this.events = events;
    }

    public record Volume(String name, Path data, String createdAt, Map<String, String> labels, Map<String, String> options) {}

    /** Makes the volume (with an event) with {@code labels} unless it exists (then it is kept as it is, as moby does); returns its data directory. */
    public synchronized Path create(String name, Map<String, String> labels) {
        return create(name, labels, Map.of());
    }

    /** {@link #create(String, Map)} with the local driver's options (checked: {@link #device}). */
    public synchronized Path create(String name, Map<String, String> labels, Map<String, String> options) {
        Path data = checkName(name);
        if (Files.isDirectory(data)) return data;
        device(name, options);
        try {
            Files.createDirectories(data.getParent());
            write(data.resolveSibling(LABELS), labels);
            write(data.resolveSibling(OPTIONS), options);
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the volume " + name, e);
        }
        events.publish("volume", "create", name, Map.of("driver", "local"));
        return data;
    }

    private static void write(Path file, Map<String, String> values) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.write(temp, Json.bytes(values));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The host directory a volume with these options binds (type=none, o=bind, device=DIR: DIR, symlinks
     * resolved), or null for a volume of its own; 400 for options the local driver has and Lamina does not serve.
     */
    private static Path device(String name, Map<String, String> options) {
        if (options.isEmpty()) return null;
        String type = options.getOrDefault("type", ""), o = options.getOrDefault("o", ""), device = options.get("device");
        List<String> flags = List.of(o.split(","));
        if (!type.equals("none") || !(flags.contains("bind") || flags.contains("rbind")) || device == null
                || !List.of("bind", "rbind", "ro", "rw").containsAll(flags) || device.contains(":"))
            throw ApiException.badRequest("create " + name + ": the local volume options " + options
                    + " are not served by Lamina (type=none,o=bind[,ro],device=DIR is)");
        Path dir = Path.of(device);
        try {
            if (!dir.isAbsolute() || !Files.isDirectory(dir)) throw new IOException("not an absolute directory");
            return dir.toRealPath();
        } catch (IOException e) {
            throw ApiException.badRequest("create " + name + ": failed to mount local volume: mount " + device + ": no such directory");
        }
    }

    /** Whether the volume's options make it read-only in every container (o=bind,ro). */
    public boolean readOnly(String name) {
        Map<String, String> options = options(checkName(name).resolveSibling(OPTIONS));
        return List.of(options.getOrDefault("o", "").split(",")).contains("ro");
    }

    /** The host directory a volume binds into containers: its own data, or the device its options name. */
    public Path hostPath(String name) {
        Path data = checkName(name);
        Path device = device(name, options(data.resolveSibling(OPTIONS)));
        return device != null ? device : data;
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
        return new Volume(name, data, created, labels(data.resolveSibling(LABELS)), options(data.resolveSibling(OPTIONS)));
    }

    private static Map<String, String> options(Path file) {
        return labels(file);
    }

    /** A volume's labels (or options); none when it has no file (a volume made before they were kept). */
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
