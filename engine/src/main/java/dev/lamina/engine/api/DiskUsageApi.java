package dev.lamina.engine.api;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.images.Images;
import dev.lamina.engine.volumes.NamedVolumes;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
        List<Map<String, Object>> imageRows = new ArrayList<>();
        long layers = 0;
        for (StoredImage i : images.list()) {
            Map<String, Object> m = ImageApi.summary(i, i.names(), images.config(i), containers.using(i.id().toString()).size());
            m.put("SharedSize", 0);
            imageRows.add(m);
            layers += i.size();
        }
        List<Map<String, Object>> containerRows = new ArrayList<>();
        for (Container c : containers.all()) {
            Map<String, Object> m = ContainerViews.summary(c, volumes::checkName);
            m.put("SizeRw", ownBytes(c.rootfs()));
            m.put("SizeRootFs", 0);
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
            m.put("UsageData", Map.of("Size", ownBytes(v.data()), "RefCount", refs));
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

    /** Bytes of the regular files under {@code dir} that are its own (one link: not shared with an image). */
    private static long ownBytes(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        long[] total = {0};
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && (Integer) Files.getAttribute(p, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS) == 1)
                        total[0] += a.size();
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            return total[0];
        }
        return total[0];
    }
}
