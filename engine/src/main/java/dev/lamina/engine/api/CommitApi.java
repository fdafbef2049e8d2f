package dev.lamina.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.container.ContainerSpecException;
import dev.lamina.container.DockerInit;
import dev.lamina.container.Volumes;
import dev.lamina.engine.build.CommitConfig;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.ContainerRecord;
import dev.lamina.engine.containers.ContainerState;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.files.Change;
import dev.lamina.engine.files.ContainerChanges;
import dev.lamina.engine.files.ContainerLayer;
import dev.lamina.engine.host.PlatformThread;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.ApiRequest;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.images.Images;
import dev.lamina.image.ImageException;
import dev.lamina.image.IoMessages;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ChildImage;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.LayerBlob;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `docker diff` (GET /containers/{id}/changes) and `docker commit` (POST /commit):
 * a container's files against its image's ({@link ContainerChanges}), and a new image
 * of its image plus those changes as one layer ({@link ContainerLayer}, {@link ChildImage}).
 * A running container is read as it is: Lamina cannot pause one (pause=true is not refused).
 */
public final class CommitApi {
    private final Containers containers;
    private final Images images;
    private final Events events;

    public CommitApi(Containers containers, Images images, Events events) {
        this.containers = containers;
        this.images = images;
        this.events = events;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/containers/{id}/changes", this::changes),
                Route.of("POST", "/commit", this::commit));
    }

    private void changes(Exchange ex) {
        Container c = containers.find(ex.request().param("id"));
        StoredImage image = image(c);
        List<Change> changes = onPlatformThread(c, () -> ContainerChanges.list(images.store(), image, c.rootfs(), mountPoints(c)));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Change ch : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Path", ch.path());
            m.put("Kind", ch.kind().code());
            out.add(m);
        }
        ex.json(200, out);
    }

    private void commit(Exchange ex) throws IOException {
        ApiRequest r = ex.request();
        Container c = containers.find(r.query("container", ""));
        ContainerRecord rec = c.record();
        if (rec.state().status().equals(ContainerState.REMOVING))
            throw ApiException.conflict("You cannot commit container " + c.id() + " which is being removed");
        ImageReference name = name(r.query("repo", ""), r.query("tag", ""));
        JsonNode body = r.body() == null || r.body().length == 0 ? null : Json.tree(r.body());
        StoredImage parent = image(c);
        ObjectNode containerConfig = containerConfig(rec, images.config(parent).path("config"));
        ObjectNode config = CommitConfig.of(body, containerConfig, r.query().getOrDefault("changes", List.of()));
        String comment = r.query("comment", ""), author = r.query("author", "");
        List<String> cmd = new ArrayList<>();
        containerConfig.path("Cmd").forEach(a -> cmd.add(a.asText()));
        ChildImage.History history = new ChildImage.History(Instant.now(), String.join(" ", cmd), comment, author);
        StoredImage made = onPlatformThread(c, () -> {
            Path blob = images.store().tmp().resolve("commit-" + c.id().substring(0, 12) + "-" + System.nanoTime() + ".tar.gz");
            try {
                LayerBlob layer = ContainerLayer.write(images.store(), parent, c.rootfs(), mountPoints(c), blob);
                // Without a name it is dangling, as Docker's: listed as <none> until named or removed.
                return ChildImage.commit(images.store(), parent, layer, config, history, name == null ? List.of() : List.of(name),
                        HoldReason.UNTAGGED);
            } finally {
                Files.deleteIfExists(blob);
            }
        });
        String id = made.id().toString();
        events.publish("image", "create", id, name == null ? Map.of() : Map.of("name", name.familiar()));
        if (name != null) events.publish("image", "tag", id, Map.of("name", name.familiar()));
        Map<String, String> attrs = new HashMap<>(Containers.attributes(c));
        attrs.put("comment", comment);
        attrs.put("imageID", id);
        attrs.put("imageRef", name != null ? name.familiar() : "");
        events.publish("container", "commit", c.id(), attrs);
        ex.json(201, Map.of("Id", id));
    }

    /**
     * The container's Config as dockerd keeps it: what its create asked for, merged with its image's (the
     * environment without the HOSTNAME and HOME the kernel adds at the start).
     */
    private static ObjectNode containerConfig(ContainerRecord rec, JsonNode image) {
        ObjectNode asked = Json.MAPPER.valueToTree(ContainerViews.config(rec));
        asked.set("Env", Json.MAPPER.valueToTree(rec.config().env()));
        asked.set("Cmd", Json.MAPPER.valueToTree(rec.config().cmd()));
        asked.set("Entrypoint", Json.MAPPER.valueToTree(rec.config().entrypoint()));
        CommitConfig.merge(asked, image);
        return asked;
    }

    /** repo and tag as dockerd reads them; null when no repo is given (the image gets a name of Lamina's making). */
    private static ImageReference name(String repo, String tag) {
        if (repo.isEmpty()) {
            if (!tag.isEmpty()) throw ApiException.badRequest("refusing to create a tag with an empty repository");
            return null;
        }
        try {
            ImageReference ref = ImageReference.parse(tag.isEmpty() ? repo : repo + ":" + tag);
            if (ref.digest() != null) throw ApiException.badRequest("refusing to create a tag with a digest reference");
            return ref;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The container's image, which its root is compared with. */
    private StoredImage image(Container c) {
        StoredImage image = images.find(c.record().imageId());
        if (image == null)
            throw ApiException.conflict("the image of container " + c.id().substring(0, 12) + " (" + c.record().image()
                    + ") is no longer in the store: its changes cannot be told apart from the image's files");
        return image;
    }

    /** Where its volumes, tmpfs mounts and docker-init are mounted, as the root places them: left out of its changes. */
    private static List<String> mountPoints(Container c) {
        ContainerRecord r = c.record();
        List<String> paths = new ArrayList<>();
        for (String b : r.config().hostConfig().binds()) {
            String[] p = b.split(":");
            if (p.length >= 2) paths.add(p[1]);
        }
        paths.addAll(r.config().hostConfig().tmpfs().keySet());
        if (r.config().hostConfig().runsInit()) paths.add(DockerInit.PATH);
        List<String> placed = new ArrayList<>();
        for (String p : paths) {
            placed.add(p);
            try {
                placed.add(Volumes.inRoot(c.rootfs(), p));
            } catch (ContainerSpecException | java.io.UncheckedIOException e) {
                // a mount point the root cannot place was never made
            }
        }
        return placed;
    }

    private static <T> T onPlatformThread(Container c, Callable<T> work) {
        try {
            return PlatformThread.call("commit-" + c.id().substring(0, 12), work);
        } catch (ApiException e) {
            throw e;
        } catch (ImageException e) {
            throw new ApiException(500, e.getMessage());
        } catch (IOException e) {
            throw new ApiException(500, "cannot read the container's files: " + IoMessages.describe(e));
        } catch (Exception e) {
            throw new ApiException(500, String.valueOf(e.getMessage()));
        }
    }
}
