package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.files.DiskBytes;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.images.Images;
import dev.lamina.engine.volumes.NamedVolumes;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.StoredImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** `GET /system/df` (`docker system df`): what images, containers and volumes take on disk. */
public final class DiskUsageApi {
    private final Images images;
    private final Containers containers;
    private final NamedVolumes volumes;

    public DiskUsageApi(Images images, Containers containers, NamedVolumes volumes) {
        this.images = images;
        this.containers = containers;
        this.volumes = volumes;
    }

    public List<Route> routes() {
        return List.of(Route.of("GET", "/system/df", this::diskUsage));
    }

    private void diskUsage(Exchange ex) {
        List<StoredImage> all = images.list();
        Map<ImageReference, Digest> manifests = images.manifests();
        // A layer is on disk once however many images list it: the store unpacks one copy per diff id, whatever blob
        // (compressed otherwise, by another registry or a save) brought it, and moby counts sharing so too.
        Map<Digest, Long> layerBytes = new HashMap<>();
        Map<Digest, Integer> imagesOf = new HashMap<>();
        for (StoredImage i : all) {
            Set<Digest> mine = new HashSet<>();
            for (int n = 0; n < i.manifest().layers().size(); n++) {
                Digest d = i.config().diffIds().get(n);
                layerBytes.put(d, i.layerSize(n));
                if (mine.add(d)) imagesOf.merge(d, 1, Integer::sum);
            }
        }
        List<Map<String, Object>> imageRows = new ArrayList<>();
        for (StoredImage i : all) {
            Map<String, Object> m = ImageApi.summary(i, i.names(), manifests, images.config(i), containers.using(i.id().toString()).size());
            long shared = 0;
            for (int n = 0; n < i.manifest().layers().size(); n++)
                if (imagesOf.get(i.config().diffIds().get(n)) > 1) shared += i.layerSize(n);
            m.put("SharedSize", shared);
            imageRows.add(m);
        }
        long layers = layerBytes.values().stream().mapToLong(Long::longValue).sum();
        List<Map<String, Object>> containerRows = new ArrayList<>();
        for (Container c : containers.all()) {
            Map<String, Object> m = ContainerViews.summary(c, volumes::checkName);
            ContainerApi.sizes(containers, c, m);
            containerRows.add(m);
        }
        List<Map<String, Object>> volumeRows = new ArrayList<>();
        for (NamedVolumes.Volume v : volumes.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", v.name());
            m.put("Driver", "local");
            m.put("Mountpoint", v.data().toString());
            m.put("CreatedAt", v.createdAt());
            m.put("Scope", "local");
            long refs = containers.all().stream()
                    .filter(c -> c.record().config().hostConfig().binds().stream().anyMatch(b -> b.startsWith(v.name() + ":"))).count();
            m.put("UsageData", Map.of("Size", DiskBytes.own(v.data()), "RefCount", refs));
            volumeRows.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("LayersSize", layers);
        body.put("Images", imageRows);
        body.put("Containers", containerRows);
        body.put("Volumes", volumeRows);
        body.put("BuildCache", List.of());
        ex.json(200, body);
    }
}
