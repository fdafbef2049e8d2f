package dev.lamina.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.builder.context.GoPath;
import dev.lamina.engine.build.ConfigChanges;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.ApiRequest;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.images.Images;
import dev.lamina.image.ImageException;
import dev.lamina.image.IoMessages;
import dev.lamina.image.archive.ArchiveLoader;
import dev.lamina.image.archive.ArchiveSaver;
import dev.lamina.image.archive.RootfsImport;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.StoredImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The images endpoints: pull (create), push, list, inspect, history, tag, remove, load, save (get), prune. */
public final class ImageApi {
    private final Images images;
    private final Containers containers;
    private final Events events;
    private final dev.lamina.engine.images.Pulls pulls;
    private final dev.lamina.engine.images.Pushes pushes;

    public ImageApi(Images images, Containers containers, Events events) {
        this.images = images;
        this.containers = containers;
        this.events = events;
        this.pulls = new dev.lamina.engine.images.Pulls(images, events);
        this.pushes = new dev.lamina.engine.images.Pushes(images, events);
    }

    public List<Route> routes() {
        return List.of(
                Route.spooled("POST", "/images/create", this::create),
                Route.of("GET", "/images/json", this::list),
                Route.of("GET", "/images/search", ex -> {
                    throw ApiException.notImplemented("docker search is not supported by Lamina: a registry's v2 API has no search; "
                            + "pull an image by its name");
                }),
                Route.spooled("POST", "/images/load", this::load),
                Route.of("GET", "/images/get", this::saveMany),
                Route.of("POST", "/images/prune", this::prune),
                Route.of("GET", "/images/{name*}/json", this::inspect),
                Route.of("GET", "/images/{name*}/history", this::history),
                Route.of("GET", "/images/{name*}/get", this::saveOne),
                Route.of("POST", "/images/{name*}/tag", this::tag),
                Route.of("POST", "/images/{name*}/push", ex -> pushes.push(ex.request().param("name"), ex.request().query("tag", ""), ex)),
                Route.of("DELETE", "/images/{name*}", this::remove),
                Route.of("GET", "/distribution/{name*}/json", this::distribution));
    }

    /** What the registry serves for a name, without pulling it (docker-py's get_registry_data). */
    private void distribution(Exchange ex) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(ex.request().param("name"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ex.json(200, pulls.distribution(ref, ex.request().header("x-registry-auth")));
    }

    private StoredImage image(String name) {
        StoredImage i = images.find(name);
        if (i == null) throw ApiException.notFound("No such image: " + name);
        return i;
    }

    /**
     * `docker pull` (fromImage) or `docker import` (fromSrc: "-", the body a root file system tarball; or an
     * http or https URL the engine downloads it from, as moby's).
     */
    private void create(Exchange ex) throws IOException {
        ApiRequest r = ex.request();
        String from = r.query("fromImage");
        if (from == null || from.isEmpty()) {
            String src = r.query("fromSrc", "");
            if (src.equals("-")) {
                try (InputStream in = Files.newInputStream(r.bodyFile())) {
                    importRootfs(ex, in);
                }
                return;
            }
            if (src.startsWith("http://") || src.startsWith("https://")) {
                try (InputStream in = RootfsDownload.open(src)) {
                    importRootfs(ex, in);
                }
                return;
            }
            throw ApiException.badRequest(src.isEmpty() ? "fromImage or fromSrc is required"
                    : "fromSrc must be - (the request's body) or an http or https URL, not " + src);
        }
        String tag = r.query("tag", "");
        // No tag in either (`docker pull --all-tags`, docker-py's all_tags): every tag of the repository, as moby's.
        if (tag.isEmpty() && !from.contains("@") && from.lastIndexOf(':') <= from.lastIndexOf('/')) {
            pulls.pullAllTags(from, r.platform(), ex);
            return;
        }
        String text = tag.isEmpty() ? from : tag.startsWith("sha256:") ? from + "@" + tag : from + ":" + tag;
        pulls.pull(text, r.platform(), ex);
    }

    private void importRootfs(Exchange ex, InputStream in) throws IOException {
        ApiRequest r = ex.request();
        String repo = r.query("repo", "");
        String tag = r.query("tag", "");
        // No name: a dangling image, as moby's (`image prune` takes it)
        ImageReference ref = null;
        if (!repo.isEmpty())
            try {
                ref = ImageReference.parse(tag.isEmpty() ? repo : repo + ":" + tag);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        // `--change` (Dockerfile instructions on the run config, refused before the upload is read) and `-m`.
        List<String> changes = r.query().getOrDefault("changes", List.of());
        ConfigChanges.apply(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), changes);
        String message = r.query("message", "");
        StoredImage image;
        try {
            // dockerd's history says where the root came from when no message is given ("-": the request's body).
            image = RootfsImport.run(images.store(), in, ref, List.of(), config -> ConfigChanges.apply(config, changes),
                    message.isEmpty() ? "Imported from " + r.query("fromSrc", "-") : message, Limits.defaults());
        } catch (ImageException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        events.publish("image", "import", image.id().toString(), Map.of("name", ref == null ? image.id().toString() : ref.familiar()));
        try (Exchange.Stream s = ex.stream(200, "application/json")) {
            s.json(Map.of("status", image.id().toString()));
        }
    }

    private void list(Exchange ex) {
        Filters f = Filters.parse(ex.request().query("filters"), Set.of("before", "dangling", "label", "reference", "since", "until"));
        List<Map<String, Object>> out = new ArrayList<>();
        Instant before = f.has("before") ? created(images.config(image(f.values().get("before").getFirst()))) : null;
        Instant since = f.has("since") ? created(images.config(image(f.values().get("since").getFirst()))) : null;
        Map<ImageReference, Digest> manifests = images.manifests();
        for (StoredImage i : images.list()) {
            // As moby's: a reference filter shows the names it matches only, and an image with none is not shown.
            List<ImageReference> names = i.names().stream()
                    .filter(n -> f.any("reference", v -> GoPath.matches(v, n.familiar()) || GoPath.matches(v, familiarName(n)))).toList();
            if (f.has("reference") && names.isEmpty()) continue;
            boolean dangling = i.names().stream().noneMatch(n -> n.tag() != null);
            if (!f.any("dangling", v -> Filters.truthy(v) == dangling)) continue;
            JsonNode config = images.config(i);
            Instant made = created(config);
            if (!f.any("label", v -> Filters.label(labels(config), v)) || !f.none("label!", v -> Filters.label(labels(config), v))
                    || (before != null && !made.isBefore(before)) || (since != null && !made.isAfter(since)))
                continue;
            out.add(summary(i, names, manifests, config, containers.using(i.id().toString()).size()));
        }
        // Newest first, as dockerd lists them (`docker images -q | head -1` is the latest).
        out.sort(Comparator.comparing((Map<String, Object> m) -> (Long) m.get("Created")).reversed()
                .thenComparing(m -> (String) m.get("Id")));
        ex.json(200, out);
    }

    /** An image as `docker images` and `docker system df` list it, under these of its names. */
    static Map<String, Object> summary(StoredImage i, List<ImageReference> names, Map<ImageReference, Digest> manifests, JsonNode config,
                                       int containersUsing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id().toString());
        m.put("ParentId", "");
        m.put("RepoTags", names.stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList());
        m.put("RepoDigests", repoDigests(i, names, manifests));
        m.put("Created", created(config).getEpochSecond());
        m.put("Size", i.size());
        m.put("SharedSize", -1);
        m.put("Labels", labels(config));
        m.put("Containers", containersUsing);
        return m;
    }

    private List<String> repoDigests(StoredImage i) { return repoDigests(i, i.names(), images.manifests()); }

    /** Each name with the digest of the manifest it stands for (the same image pulled under two names has two). */
    private static List<String> repoDigests(StoredImage i, List<ImageReference> names, Map<ImageReference, Digest> manifests) {
        return names.stream().map(n -> familiarName(n) + "@" + manifests.getOrDefault(n, i.manifestDigest())).distinct().toList();
    }

    /** "alpine" for docker.io/library/alpine, as Docker prints names. */
    private static String familiarName(ImageReference n) {
        String f = n.withTag("x").familiar();
        return f.substring(0, f.length() - 2);
    }

    private static Map<String, String> labels(JsonNode config) {
        Map<String, String> m = new LinkedHashMap<>();
        config.path("config").path("Labels").properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static Instant created(JsonNode config) {
        try {
            return Instant.parse(config.path("created").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private void inspect(Exchange ex) {
        StoredImage i = image(ex.request().param("name"));
        JsonNode config = images.config(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id().toString());
        m.put("RepoTags", i.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList());
        m.put("RepoDigests", repoDigests(i));
        m.put("Parent", "");
        // As dockerd: the config's comment, else the last step's (a commit's message).
        JsonNode history = config.path("history");
        String comment = config.path("comment").asText("");
        m.put("Comment", comment.isEmpty() && !history.isEmpty() ? history.get(history.size() - 1).path("comment").asText("") : comment);
        m.put("Created", created(config).toString());
        m.put("DockerVersion", config.path("docker_version").asText(""));
        m.put("Author", config.path("author").asText(""));
        m.put("Config", config.path("config").isObject() ? config.path("config") : Map.of());
        // moby drops these from API 1.45 on, but docker-compose 1.29, which asks for the newest API the engine
        // serves, reads ContainerConfig.Volumes to keep a recreated container's anonymous volumes, and fails
        // without it (as it does against dockerd 25 and later): kept at every version.
        m.put("Container", config.path("container").asText(""));
        JsonNode made = config.path("container_config");
        m.put("ContainerConfig", made.isObject() ? made : m.get("Config"));
        m.put("Architecture", config.path("architecture").asText("amd64"));
        if (config.has("variant")) m.put("Variant", config.path("variant").asText());
        m.put("Os", config.path("os").asText("linux"));
        m.put("Size", i.size());
        if (!ex.request().version().atLeast(1, 44)) m.put("VirtualSize", i.size()); // dropped from API 1.44 on
        m.put("GraphDriver", Map.of("Name", "lamina", "Data", Map.of()));
        m.put("RootFS", Map.of("Type", "layers", "Layers", i.config().diffIds().stream().map(Object::toString).toList()));
        m.put("Metadata", Map.of("LastTagTime", "0001-01-01T00:00:00Z"));
        ex.json(200, m);
    }

    /** The image's history as its config records it, newest first; layers without a record get one line each. */
    private void history(Exchange ex) {
        StoredImage i = image(ex.request().param("name"));
        JsonNode config = images.config(i);
        List<Map<String, Object>> out = new ArrayList<>();
        var layers = i.manifest().layers();
        int layer = 0;
        for (JsonNode h : config.path("history")) {
            boolean empty = h.path("empty_layer").asBoolean(false);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", "<missing>");
            m.put("Created", created(h).getEpochSecond());
            m.put("CreatedBy", h.path("created_by").asText(""));
            m.put("Tags", null);
            m.put("Size", !empty && layer < layers.size() ? i.layerSize(layer) : 0);
            m.put("Comment", h.path("comment").asText(""));
            if (!empty) layer++;
            out.add(m);
        }
        for (; layer < layers.size(); layer++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", "<missing>");
            m.put("Created", created(config).getEpochSecond());
            m.put("CreatedBy", "");
            m.put("Tags", null);
            m.put("Size", i.layerSize(layer));
            m.put("Comment", "");
            out.add(m);
        }
        java.util.Collections.reverse(out);
        if (!out.isEmpty()) {
            out.getFirst().put("Id", i.id().toString());
            out.getFirst().put("Tags", i.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList());
        }
        ex.json(200, out);
    }

    private void tag(Exchange ex) throws IOException {
        StoredImage i = image(ex.request().param("name"));
        String repo = ex.request().query("repo", "");
        String tag = ex.request().query("tag", "");
        if (repo.isEmpty()) throw ApiException.badRequest("repository name (repo) is required");
        ImageReference ref;
        try {
            ref = ImageReference.parse(tag.isEmpty() ? repo : repo + ":" + tag);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        images.store().tag(i, ref);
        events.publish("image", "tag", i.id().toString(), Map.of("name", ref.familiar()));
        ex.empty(201);
    }

    private void remove(Exchange ex) throws IOException {
        String name = ex.request().param("name");
        boolean force = ex.request().flag("force", false);
        StoredImage i = image(name);
        List<Container> users = containers.using(i.id().toString());
        boolean byId = !i.names().contains(parseOrNull(name));
        if (!users.isEmpty() && (byId || i.names().size() == 1) && !force)
            throw ApiException.conflict("conflict: unable to remove repository reference \"" + name + "\" (must force) - container "
                    + users.getFirst().id().substring(0, 12) + " is using its referenced image " + i.id().shortId());
        // Forced, as moby's: a running container's image is not deleted; removing its last name leaves it
        // dangling (<none>), and by id the removal is refused.
        Container running = users.stream().filter(Container::running).findFirst().orElse(null);
        if (force && running != null && byId)
            throw ApiException.conflict("conflict: unable to delete " + i.id().shortId() + " (cannot be forced) - image is being used by running container "
                    + running.id().substring(0, 12));
        List<ImageReference> removed;
        try {
            if (force && running != null && i.names().size() == 1) images.store().hold(i, HoldReason.UNTAGGED);
            removed = images.store().remove(name, force);
        } catch (ImageException e) {
            throw ApiException.conflict(e.getMessage());
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (ImageReference r : removed) {
            out.add(Map.of("Untagged", r.familiar()));
            events.publish("image", "untag", i.id().toString(), Map.of("name", r.familiar()));
        }
        if (images.store().find(i.id().toString()) == null) {
            out.add(Map.of("Deleted", i.id().toString()));
            events.publish("image", "delete", i.id().toString(), Map.of("name", name));
        }
        ex.json(200, out);
    }

    private static ImageReference parseOrNull(String name) {
        try {
            return ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** `docker load`: a docker-archive or OCI layout tarball; progress lines as Docker prints them. */
    private void load(Exchange ex) throws IOException {
        List<StoredImage> loaded;
        try (InputStream in = Files.newInputStream(ex.request().bodyFile())) {
            loaded = ArchiveLoader.load(images.store(), in, Limits.defaults(), null);
        } catch (ImageException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot load the archive: " + IoMessages.describe(e));
        }
        try (Exchange.Stream s = ex.stream(200, "application/json")) {
            for (StoredImage i : loaded) {
                List<String> tags = i.names().stream().filter(n -> n.tag() != null).map(ImageReference::familiar).toList();
                if (tags.isEmpty()) s.json(Map.of("stream", "Loaded image ID: " + i.id() + "\n"));
                for (String t : tags) s.json(Map.of("stream", "Loaded image: " + t + "\n"));
                events.publish("image", "load", i.id().toString(), Map.of("name", i.id().toString()));
            }
        }
    }

    private void saveOne(Exchange ex) throws IOException {
        save(ex, List.of(ex.request().param("name")));
    }

    private void saveMany(Exchange ex) throws IOException {
        List<String> names = ex.request().query().getOrDefault("names", List.of());
        if (names.isEmpty()) throw ApiException.badRequest("names is required");
        save(ex, names);
    }

    private void save(Exchange ex, List<String> names) throws IOException {
        List<StoredImage> chosen = ArchiveSaver.select(images.store(), names, this::image);
        try (Exchange.Stream s = ex.stream(200, "application/x-tar"); OutputStream out = new ChunkOutput(s)) {
            ArchiveSaver.save(images.store(), chosen, out);
        }
        for (StoredImage i : chosen) events.publish("image", "save", i.id().toString(), Map.of("name", i.id().toString()));
    }

    /** Writes through a chunked answer in 64 KiB pieces. */
    private static final class ChunkOutput extends OutputStream {
        private final Exchange.Stream stream;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        ChunkOutput(Exchange.Stream stream) { this.stream = stream; }

        @Override
        public void write(int b) throws IOException {
            buf.write(b);
            if (buf.size() >= 64 << 10) flush();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            buf.write(b, off, len);
            if (buf.size() >= 64 << 10) flush();
        }

        @Override
        public void flush() throws IOException {
            if (buf.size() == 0) return;
            if (!stream.write(buf.toByteArray())) throw new IOException("the client went away");
            buf.reset();
        }

        @Override
        public void close() throws IOException { flush(); }
    }

    /**
     * `docker image prune`: the dangling images (built or committed without a name) no
     * container uses; with the filter dangling=false (`-a`), every image no container uses.
     * Answered as dockerd answers: each name untagged and each image deleted, and the
     * bytes of the layers that went with them: each once, and none an image left holds.
     */
    private void prune(Exchange ex) throws IOException {
        Filters f = Filters.parse(ex.request().query("filters"), Set.of("dangling", "label", "label!", "until"));
        boolean all = f.has("dangling") && f.none("dangling", Filters::truthy);
        List<Map<String, String>> deleted = new ArrayList<>();
        Map<dev.lamina.image.ref.Digest, Long> layersGone = new java.util.HashMap<>();
        for (StoredImage i : images.list()) {
            if (!all && !i.names().isEmpty()) continue;
            if (!containers.using(i.id().toString()).isEmpty()) continue;
            JsonNode config = images.config(i);
            if (!f.any("label", v -> Filters.label(labels(config), v)) || !f.none("label!", v -> Filters.label(labels(config), v))
                    || !f.before("until", created(config)))
                continue;
            List<ImageReference> untagged;
            try {
                untagged = images.store().remove(i.id().toString(), true);
            } catch (ImageException e) {
                continue; // removed meanwhile
            }
            for (ImageReference r : untagged) {
                deleted.add(Map.of("Untagged", r.familiar()));
                events.publish("image", "untag", i.id().toString(), Map.of("name", r.familiar()));
            }
            if (images.store().find(i.id().toString()) == null) {
                deleted.add(Map.of("Deleted", i.id().toString()));
                events.publish("image", "delete", i.id().toString(), Map.of());
                for (int n = 0; n < i.config().diffIds().size(); n++) layersGone.put(i.config().diffIds().get(n), i.layerSize(n));
            }
        }
        for (StoredImage left : images.list()) left.config().diffIds().forEach(layersGone::remove);
        long reclaimed = layersGone.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ImagesDeleted", deleted);
        body.put("SpaceReclaimed", reclaimed);
        events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        ex.json(200, body);
    }
}
