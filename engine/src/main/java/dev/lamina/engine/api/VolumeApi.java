package dev.lamina.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.files.DiskBytes;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.volumes.NamedVolumes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named volumes: create, list, inspect, remove, prune. */
public final class VolumeApi {
    private final NamedVolumes volumes;
    private final Containers containers;

    public VolumeApi(NamedVolumes volumes, Containers containers) {
        this.volumes = volumes;
        this.containers = containers;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/volumes", this::list),
                Route.of("POST", "/volumes/create", this::create),
                Route.of("POST", "/volumes/prune", this::prune),
                Route.of("GET", "/volumes/{name}", ex -> ex.json(200, view(volumes.find(ex.request().param("name"))))),
                Route.of("DELETE", "/volumes/{name}", this::remove));
    }

    private static Map<String, Object> view(NamedVolumes.Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", v.name());
        m.put("Driver", "local");
        m.put("Mountpoint", v.data().toString());
        m.put("CreatedAt", v.createdAt());
        m.put("Labels", v.labels());
        m.put("Scope", "local");
        m.put("Options", v.options());
        return m;
    }

    private void list(Exchange ex) {
        Filters f = Filters.parse(ex.request().query("filters"), java.util.Set.of("dangling", "driver", "label", "name"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Volumes", volumes.list().stream()
                .filter(v -> labelled(v, f) && f.match("name", v.name()) && f.any("driver", d -> d.equals("local"))
                        && f.any("dangling", d -> users(v.name()).isEmpty() == Filters.truthy(d)))
                .map(VolumeApi::view).toList());
        body.put("Warnings", List.of());
        ex.json(200, body);
    }

    private void create(Exchange ex) {
        JsonNode req = ex.request().body().length == 0 ? Json.MAPPER.createObjectNode() : Json.tree(ex.request().body());
        String name = req.path("Name").asText("");
        Map<String, String> labels = new LinkedHashMap<>();
        req.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        if (name.isEmpty()) {
            name = anonymousName();
            labels.put(NamedVolumes.ANONYMOUS, "");
        }
        String driver = req.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("local"))
            throw ApiException.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
        Map<String, String> options = new LinkedHashMap<>();
        req.path("DriverOpts").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
        volumes.create(name, labels, options);
        ex.json(201, view(volumes.find(name)));
    }

    /** Docker names an anonymous volume with 64 random hex digits. */
    private static String anonymousName() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** Whether {@code v} has every label the filter `label` names and none that `label!` names. */
    private static boolean labelled(NamedVolumes.Volume v, Filters f) {
        return f.any("label", l -> Filters.label(v.labels(), l)) && f.none("label!", l -> Filters.label(v.labels(), l));
    }

    private List<Container> users(String name) {
        List<Container> out = new ArrayList<>();
        for (Container c : containers.all())
            for (String b : c.record().config().hostConfig().binds())
                if (b.startsWith(name + ":")) out.add(c);
        return out;
    }

    private void remove(Exchange ex) {
        String name = ex.request().param("name");
        volumes.find(name);
        List<Container> users = users(name);
        if (!users.isEmpty())
            throw ApiException.conflict("remove " + name + ": volume is in use - ["
                    + String.join(", ", users.stream().map(Container::id).toList()) + "]"); // every user, as moby's
        volumes.remove(name);
        ex.empty(204);
    }

    /**
     * `volume prune`: unused volumes that pass the label filters (Testcontainers prunes
     * by its session's label at exit). From API 1.42 on, only anonymous volumes
     * unless the filter `all` is true, as moby does.
     */
    private void prune(Exchange ex) {
        Filters f = Filters.parse(ex.request().query("filters"), java.util.Set.of("label", "label!", "all"));
        boolean all = !ex.request().version().atLeast(1, 42) || (f.has("all") && f.any("all", Filters::truthy));
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (NamedVolumes.Volume v : volumes.list()) {
            if (!users(v.name()).isEmpty() || !labelled(v, f)) continue;
            if (!all && !v.labels().containsKey(NamedVolumes.ANONYMOUS)) continue;
            long own = DiskBytes.own(v.data());
            volumes.remove(v.name());
            deleted.add(v.name());
            reclaimed += own;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("VolumesDeleted", deleted);
        body.put("SpaceReclaimed", reclaimed);
        ex.json(200, body);
    }
}
