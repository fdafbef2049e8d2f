package dev.lamina.engine.containers;

import dev.lamina.builder.context.GoPath;
import dev.lamina.engine.http.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HostConfig.Mounts (`docker run --mount`, docker-java's and compose's long form), each
 * turned into what the engine already runs: a bind into a Binds entry
 * (HOST_PATH:PATH[:ro]), a named volume into NAME:PATH[:ro,nocopy], a volume with no name into
 * the request's Volumes (an anonymous volume, as `-v /path`), a tmpfs into a Tmpfs entry.
 * moby's refusals, with its messages (400): an empty or relative target, a bind's
 * missing source (unless CreateMountpoint), a tmpfs given a source, options of another
 * type, an unknown type, and a path mounted twice, by these or by Binds and Tmpfs
 * themselves ({@link TmpfsSpecs} checks Tmpfs).
 */
final class MountSpecs {
    private MountSpecs() {}

    /** req with its Mounts folded into Binds, Tmpfs and Volumes (none left in Mounts). */
    static CreateRequest folded(CreateRequest req) {
        req = anonymousBinds(req);
        CreateRequest.HostConfig h = req.hostConfig();
        Set<String> targets = new HashSet<>();
        for (String b : h.binds()) {
            String[] p = b.split(":");
            if (p.length >= 2 && !targets.add(GoPath.clean(p[1]))) throw duplicate(GoPath.clean(p[1]));
        }
        for (Map.Entry<String, String> t : h.tmpfs().entrySet()) {
            if (!targets.add(TmpfsSpecs.checkedTarget(t.getKey()))) throw duplicate(GoPath.clean(t.getKey()));
            TmpfsSpecs.checkOptions(t.getValue());
        }
        if (h.mounts().isEmpty()) return req;
        List<String> binds = new ArrayList<>(h.binds());
        Map<String, String> tmpfs = new LinkedHashMap<>(h.tmpfs());
        Map<String, Object> volumes = new LinkedHashMap<>(req.volumes() == null ? Map.of() : req.volumes());
        for (CreateRequest.Mount m : h.mounts()) {
            String type = m.type() == null ? "" : m.type();
            String target = checkedTarget(type, m.target());
            if (!targets.add(target)) throw duplicate(target);
            String ro = m.readOnlyMount() ? ":ro" : "";
            switch (type) {
                case "bind" -> {
                    if (m.volumeOptions() != null || m.tmpfsOptions() != null) throw invalid(type, "must not set " + (m.volumeOptions() != null ? "VolumeOptions" : "TmpfsOptions"));
                    binds.add(bindSource(m) + ":" + target + ro);
                }
                case "volume" -> {
                    if (m.bindOptions() != null || m.tmpfsOptions() != null) throw invalid(type, "must not set " + (m.bindOptions() != null ? "BindOptions" : "TmpfsOptions"));
                    if (m.volumeOptions() != null && m.volumeOptions().subpath() != null && !m.volumeOptions().subpath().isEmpty())
                        throw invalid(type, "VolumeOptions.Subpath is not supported by Lamina");
                    String driver = m.volumeOptions() == null || m.volumeOptions().driverConfig() == null
                            || m.volumeOptions().driverConfig().name() == null ? "" : m.volumeOptions().driverConfig().name();
                    if (!driver.isEmpty() && !driver.equals("local"))
                        throw ApiException.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
                    String name = m.source() == null ? "" : m.source();
                    if (name.isEmpty()) {
                        if (m.readOnlyMount()) throw invalid(type, "an anonymous volume cannot be read-only here");
                        if (m.volumeOptions() != null && !m.volumeOptions().driverOptions().isEmpty())
                            throw invalid(type, "driver options are served for a named volume only here: give it a Source");
                        volumes.put(target, Map.of());
                    } else {
                        boolean noCopy = m.volumeOptions() != null && Boolean.TRUE.equals(m.volumeOptions().noCopy());
                        binds.add(name + ":" + target + (noCopy ? (ro.isEmpty() ? ":nocopy" : ro + ",nocopy") : ro));
                    }
                }
                case "tmpfs" -> {
                    if (m.source() != null && !m.source().isEmpty()) throw invalid(type, "field Source must not be specified");
                    if (m.bindOptions() != null || m.volumeOptions() != null) throw invalid(type, "must not set " + (m.bindOptions() != null ? "BindOptions" : "VolumeOptions"));
                    tmpfs.put(target, tmpfsOptions(m));
                }
                default -> throw invalid(type, "mount type unknown");
            }
        }
        return req.with(h.with(binds, tmpfs, List.of()), volumes);
    }

    /** A Binds entry that is a container path alone (docker-py's `volumes=['/data']`) asks for an anonymous volume, as moby parses it. */
    private static CreateRequest anonymousBinds(CreateRequest req) {
        CreateRequest.HostConfig h = req.hostConfig();
        if (h.binds().stream().noneMatch(MountSpecs::pathAlone)) return req;
        Map<String, Object> volumes = new LinkedHashMap<>(req.volumes() == null ? Map.of() : req.volumes());
        List<String> binds = new ArrayList<>();
        for (String b : h.binds()) {
            if (pathAlone(b)) volumes.put(b, Map.of());
            else binds.add(b);
        }
        return req.with(h.with(binds, h.tmpfs(), h.mounts()), volumes);
    }

    private static boolean pathAlone(String bind) { return bind.startsWith("/") && !bind.contains(":"); }

    private static ApiException duplicate(String target) { return ApiException.badRequest("Duplicate mount point: " + target); }

    private static ApiException invalid(String type, String why) {
        return ApiException.badRequest("invalid mount config for type \"" + type + "\": " + why);
    }

    private static String checkedTarget(String type, String target) {
        if (target == null || target.isEmpty()) throw invalid(type, "field Target must not be empty");
        if (!target.startsWith("/")) throw invalid(type, "invalid mount path: '" + target + "' mount path must be absolute");
        if (target.contains(":")) throw invalid(type, "invalid mount path: '" + target + "': Lamina takes no ':' in mount paths");
        return GoPath.clean(target);
    }

    /** A bind's source: absolute and there (made when CreateMountpoint asks). */
    private static String bindSource(CreateRequest.Mount m) {
        String source = m.source() == null ? "" : m.source();
        if (source.isEmpty()) throw invalid("bind", "field Source must not be empty");
        if (!source.startsWith("/")) throw invalid("bind", "invalid mount path: '" + source + "' mount path must be absolute");
        if (source.contains(":")) throw invalid("bind", "invalid mount path: '" + source + "': Lamina takes no ':' in mount paths");
        Path p = Path.of(source);
        if (!Files.exists(p)) {
            if (m.bindOptions() == null || !Boolean.TRUE.equals(m.bindOptions().createMountpoint()))
                throw invalid("bind", "bind source path does not exist: " + source);
            try {
                Files.createDirectories(p);
            } catch (java.io.IOException e) {
                throw invalid("bind", "cannot make the bind source " + source + ": " + e.getMessage());
            }
        }
        return source;
    }

    /** Tmpfs options as `--tmpfs` gives them: size= (not enforced), mode= in octal. */
    private static String tmpfsOptions(CreateRequest.Mount m) {
        List<String> options = new ArrayList<>();
        CreateRequest.TmpfsOptions t = m.tmpfsOptions();
        if (t != null && t.sizeBytes() != null && t.sizeBytes() > 0) options.add("size=" + t.sizeBytes());
        if (t != null && t.mode() != null && t.mode() != 0) options.add("mode=" + Long.toOctalString(t.mode() & 07777));
        if (m.readOnlyMount()) options.add("ro");
        return String.join(",", options);
    }
}
