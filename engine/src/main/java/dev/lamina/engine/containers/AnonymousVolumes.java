package dev.lamina.engine.containers;

import dev.lamina.builder.context.GoPath;
import dev.lamina.engine.volumes.NamedVolumes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anonymous volumes, as moby makes them: each path the request's Volumes (`-v /path`)
 * or the image's VOLUME names, that no bind or tmpfs of the container covers, gets a
 * volume of its own when the container is created, named at random and labelled
 * anonymous, bound as NAME:/path, and filled as any new volume is (VolumeFill: compose's
 * `- /app/node_modules` under a bind of the app relies on it). `docker rm -v` and `--rm`
 * remove them with the container.
 */
final class AnonymousVolumes {
    private AnonymousVolumes() {}

    /** Of {@code paths}, those {@code h}'s binds and tmpfs leave without a mount, cleaned, each once (none with a ':'). */
    static List<String> uncovered(Collection<String> paths, CreateRequest.HostConfig h) {
        Set<String> covered = new HashSet<>();
        for (String b : h.binds()) {
            String[] p = b.split(":");
            if (p.length >= 2) covered.add(GoPath.clean("/" + p[1]));
        }
        for (String t : h.tmpfs().keySet()) covered.add(GoPath.clean("/" + t));
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            // docker-py names a bind's path with its mode here too ("/z:z" for "/host:/z:z"), where moby
            // mounts an empty volume at that literal path: one a bind spec (NAME:PATH) cannot name.
            if (p.contains(":")) continue;
            String c = GoPath.clean("/" + p);
            if (!c.equals("/") && covered.add(c)) out.add(c);
        }
        return out;
    }

    static final Map<String, String> LABELS = Map.of(NamedVolumes.ANONYMOUS, "");

    /** A new volume name for each path, as moby names one: 64 random hex digits. Name to path. */
    static Map<String, String> named(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : paths) out.put(Names.newId(), p);
        return out;
    }

    /** Removes the volume when it exists. */
    static void remove(NamedVolumes volumes, String name) {
        try {
            volumes.remove(name);
        } catch (RuntimeException gone) {
            // never made, or removed meanwhile
        }
    }

    /** The volumes among {@code binds} that are anonymous (named, and labelled so). */
    static List<String> among(NamedVolumes volumes, List<String> binds) {
        List<String> out = new ArrayList<>();
        for (String b : binds) {
            String name = b.split(":")[0];
            if (name.startsWith("/")) continue;
            try {
                if (volumes.find(name).labels().containsKey(NamedVolumes.ANONYMOUS)) out.add(name);
            } catch (RuntimeException gone) {
                // removed meanwhile, or never made
            }
        }
        return out;
    }
}
