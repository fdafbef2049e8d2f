package dev.lamina.image.store;

import dev.lamina.image.ImageException;
import dev.lamina.image.json.JsonException;
import dev.lamina.image.layer.LayerMetadata;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The content-addressed image store under DATA_ROOT/images:
 * <pre>
 *   blobs/sha256/HEX      manifests, configs and compressed layers, verified
 *   layers/HEX/           each layer unpacked once, by diff id
 *   roots/HEX/            each image's flattened root, by image id
 *   refs.json             names to manifest digests
 *   downloads/HEX.partial blobs being downloaded, kept across runs to be resumed
 *   tmp/PID/              work in progress of a live process; others' leftovers are removed on open
 * </pre>
 * Content is only added while {@link #using()} is held (shared); removal happens in
 * {@link #collectGarbage()} under the exclusive lock, keeping everything a name
 * still reaches, so removing one image never takes data another uses.
 */
public final class ImageStore {
    static final String ROOT_METADATA = "metadata.json";
    private final Path dir;
    private final Path tmp;
    private final BlobStore blobs;
    private final LayerStore layers;
    private final Path roots;
    private final Refs refs;
    private final HeldImages held;
    private final StoreLock content;
    private final StoreLock names;
    private final OncePerDigest once;

    private ImageStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        Path tmpRoot = Files.createDirectories(dir.resolve("tmp"));
        removeAbandonedWork(tmpRoot);
        this.tmp = Files.createDirectories(tmpRoot.resolve(Long.toString(ProcessHandle.current().pid())));
        CaseSensitiveVolume.require(dir, tmp);
        this.once = new OncePerDigest(dir.resolve("locks"));
        this.blobs = new BlobStore(dir.resolve("blobs"), tmp, dir.resolve("downloads"), once);
        this.layers = new LayerStore(dir.resolve("layers"), tmp, once);
        this.roots = Files.createDirectories(dir.resolve("roots"));
        this.refs = new Refs(dir.resolve("refs.json"), tmp);
        this.held = new HeldImages(dir.resolve("held"));
        this.content = new StoreLock(dir.resolve("content.lock"));
        this.names = new StoreLock(dir.resolve("names.lock"));
    }

    public static ImageStore open(Path dir) {
        try {
            return new ImageStore(dir);
        } catch (IOException e) {
            throw new ImageException("cannot open the image store at " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() { return dir; }

    public Path tmp() { return tmp; }

    public BlobStore blobs() { return blobs; }

    public LayerStore layers() { return layers; }

    /** Held while adding content or reading a root: garbage collection waits for it. */
    public StoreLock.Held using() { return content.shared(); }

    /**
     * Makes the image whose manifest blob is {@code manifestDigest} runnable (layers
     * unpacked and checked against the config's diff ids, root flattened) and gives it
     * {@code newNames}. Call while holding {@link #using()}, with all blobs present.
     */
    public StoredImage commit(Digest manifestDigest, List<ImageReference> newNames, Limits limits, String label) throws IOException {
        BadBlob malformed = (blob, e) -> new ImageException(label + ": " + e.getMessage());
        StoredImage image = load(manifestDigest, List.of(), malformed);
        List<Digest> diffIds = image.config().diffIds();
        List<Descriptor> layerBlobs = image.manifest().layers();
        if (diffIds.size() != layerBlobs.size())
            throw new ImageException(label + ": the manifest has " + layerBlobs.size() + " layers but the config lists " + diffIds.size());
        for (int i = 0; i < layerBlobs.size(); i++) {
            Descriptor blob = layerBlobs.get(i);
            try {
                layers.unpack(blobs.path(blob.digest()), diffIds.get(i), limits);
            } catch (ImageException e) {
                throw new ImageException(label + ", layer " + (i + 1) + " (" + blob.digest().shortId() + "): " + e.getMessage());
            }
        }
        flatten(image, label);
        name(manifestDigest, newNames);
        return load(manifestDigest, newNames, malformed);
    }

    private void flatten(StoredImage image, String label) throws IOException {
        Digest id = image.id();
        once.run("root", id, () -> rootIsWhole(id), () -> {
            Path work = Files.createTempDirectory(tmp, "root-");
            try {
                List<Flattener.Layer> parts = new ArrayList<>();
                List<Digest> diffIds = image.config().diffIds();
                for (int i = 0; i < diffIds.size(); i++)
                    parts.add(new Flattener.Layer((i + 1) + " (" + diffIds.get(i).shortId() + ")", layers.root(diffIds.get(i)),
                            layers.metadata(diffIds.get(i))));
                LayerMetadata merged;
                try {
                    merged = Flattener.flatten(parts, Files.createDirectory(work.resolve("root")));
                } catch (ImageException e) {
                    throw new ImageException(label + ", " + e.getMessage());
                }
                Files.write(work.resolve(ROOT_METADATA), merged.toJson());
                AtomicFiles.fsync(work.resolve(ROOT_METADATA));
                Trees.delete(roots.resolve(id.hex())); // what is left of a root someone removed in part
                AtomicFiles.publish(work, roots.resolve(id.hex()));
            } finally {
                Trees.delete(work);
            }
        });
    }

    /** A root is published whole; one without its tree or its metadata was removed from outside. */
    private boolean rootIsWhole(Digest id) {
        Path dir = roots.resolve(id.hex());
        return Files.isRegularFile(dir.resolve(ROOT_METADATA)) && Files.isDirectory(dir.resolve("root"));
    }

    /**
     * The flattened root of an image; read it while holding {@link #using()}. A root
     * removed from outside is made again from the unpacked layers; when those are gone
     * too, the error says how to get them back.
     */
    public Path root(StoredImage image) throws IOException {
        if (!rootIsWhole(image.id())) {
            String label = image.names().isEmpty() ? image.id().shortId() : image.names().getFirst().familiar();
            List<Digest> diffIds = image.config().diffIds();
            for (int i = 0; i < diffIds.size(); i++)
                if (!layers.has(diffIds.get(i)) || !Files.isDirectory(layers.root(diffIds.get(i))))
                    throw new ImageException(label + ": the image's root and its layer " + (i + 1) + " (" + diffIds.get(i).shortId()
                            + ") are missing from the store; pull, load or import the image again");
            flatten(image, label);
        }
        return roots.resolve(image.id().hex()).resolve("root");
    }

    /** Owners the host could not apply and device nodes, for the kernel to serve. */
    public LayerMetadata rootMetadata(StoredImage image) throws IOException {
        Path meta = roots.resolve(image.id().hex()).resolve(ROOT_METADATA);
        try {
            return LayerMetadata.fromJson(Files.readAllBytes(meta));
        } catch (JsonException e) {
            throw StoreDamage.of(meta, e, "remove " + meta.getParent() + "; the next run makes it again");
        }
    }

    /** The images a listing shows: those with names, and those kept untagged ({@code <none>:<none>}). */
    public List<StoredImage> list() throws IOException {
        return images(false);
    }

    private List<StoredImage> images(boolean withBuildSteps) throws IOException {
        Map<Digest, List<ImageReference>> byManifest = new LinkedHashMap<>();
        for (var e : refs.read().entrySet()) byManifest.computeIfAbsent(e.getValue(), d -> new ArrayList<>()).add(e.getKey());
        for (var e : held.all().entrySet())
            if (withBuildSteps || e.getValue() == HoldReason.UNTAGGED) byManifest.putIfAbsent(e.getKey(), List.of());
        // One image per id, as Docker has it: manifests of one config (a pull and a load of the same image) are one image.
        List<StoredImage> out = new ArrayList<>();
        Map<Digest, Integer> byId = new java.util.HashMap<>();
        for (var e : byManifest.entrySet()) {
            StoredImage image = load(e.getKey(), e.getValue(), DAMAGED);
            Integer at = byId.putIfAbsent(image.id(), out.size());
            if (at == null) out.add(image);
            else out.set(at, out.get(at).alsoNamed(image.names()));
        }
        return out;
    }

    /** The images kept for {@code reason} (some may have names too). */
    public List<StoredImage> held(HoldReason reason) throws IOException {
        List<StoredImage> out = new ArrayList<>();
        for (var e : held.all().entrySet()) if (e.getValue() == reason) out.add(load(e.getKey(), List.of(), DAMAGED));
        return out;
    }

    /** Lets an image go that was kept without a name; {@link #collectGarbage} then removes it unless a name reaches it. */
    public void release(StoredImage image) throws IOException {
        for (Digest m : manifestsOf(image)) held.release(m);
    }

    /** Every manifest the store keeps of the image's config (a pull's and a load's may both be kept). */
    private List<Digest> manifestsOf(StoredImage image) throws IOException {
        Set<Digest> kept = new java.util.LinkedHashSet<>(refs.read().values());
        kept.addAll(held.all().keySet());
        List<Digest> out = new ArrayList<>();
        for (Digest m : kept) if (load(m, List.of(), DAMAGED).id().equals(image.id())) out.add(m);
        return out;
    }

    /**
     * Keeps a committed image that has no name (or may lose its names); call while
     * holding {@link #using()}, so no collection runs between its commit and this.
     */
    public void hold(StoredImage image, HoldReason reason) throws IOException {
        held.hold(image.manifestDigest(), reason);
    }

    /**
     * The image a user means: a name ("alpine:3.20"), a full or short id, or
     * "name@sha256:..." for the manifest digest. Null when there is none.
     */
    public StoredImage find(String text) throws IOException {
        String hex = text.startsWith("sha256:") ? text.substring(7) : text;
        if (hex.matches("[0-9a-f]{4,64}")) {
            List<StoredImage> byId = images(true).stream().filter(i -> i.id().hex().startsWith(hex)).toList();
            if (byId.size() > 1) throw new ImageException("'" + text + "' matches more than one image id; give more digits");
            if (byId.size() == 1) return byId.getFirst();
        }
        return findByName(text);
    }

    /**
     * The image of a manifest when the store still keeps it (named or held), else null:
     * only that image is read, so a lookup costs the same however many images there are.
     */
    public StoredImage kept(Digest manifest) throws IOException {
        if (held.holds(manifest)) return load(manifest, List.of(), DAMAGED);
        Map<ImageReference, Digest> all = refs.read();
        List<ImageReference> names = all.entrySet().stream().filter(e -> e.getValue().equals(manifest)).map(Map.Entry::getKey).toList();
        return names.isEmpty() ? null : load(manifest, names, DAMAGED);
    }

    /** A name is looked up in refs.json alone: only the image it names is read. */
    private StoredImage findByName(String text) throws IOException {
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Map<ImageReference, Digest> all = refs.read();
        Digest manifest = all.get(ref);
        // NAME@DIGEST and NAME:TAG@DIGEST (whose tag Docker ignores): the manifest of that digest under that name.
        if (manifest == null && ref.digest() != null)
            manifest = all.entrySet().stream().filter(e -> e.getValue().equals(ref.digest()) && e.getKey().name().equals(ref.name()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        if (manifest == null) return null;
        Digest m = manifest;
        StoredImage image = load(m, all.entrySet().stream().filter(e -> e.getValue().equals(m)).map(Map.Entry::getKey).toList(), DAMAGED);
        // One image per id, as Docker has it: the names other manifests of its config have (the same image pulled
        // under another name, or loaded) are its names too, or removing this name would take it for the last.
        // (Each manifest is parsed once and cached; one the store cannot read is another image's trouble, not this one's.)
        for (Digest other : new java.util.LinkedHashSet<>(all.values())) {
            if (other.equals(m)) continue;
            try {
                if (!load(other, List.of(), DAMAGED).id().equals(image.id())) continue;
            } catch (IOException | RuntimeException unreadable) {
                continue;
            }
            image = image.alsoNamed(all.entrySet().stream().filter(e -> e.getValue().equals(other)).map(Map.Entry::getKey).toList());
        }
        return image;
    }

    /** The manifest each name stands for (a name's digest, as `RepoDigests` shows it). */
    public Map<ImageReference, Digest> manifests() throws IOException { return Map.copyOf(refs.read()); }

    /** Gives the image another name; a name already on another image moves, as with docker tag. */
    public void tag(StoredImage image, ImageReference name) throws IOException {
        name(image.manifestDigest(), List.of(name));
        // Named, it is no longer dangling (a build step's hold stays: later builds may answer with it).
        held.release(image.manifestDigest(), HoldReason.UNTAGGED);
    }

    /**
     * Removes a name, or with an id every name of that image; then frees what no name
     * reaches any more. Returns the names removed.
     */
    public List<ImageReference> remove(String text, boolean force) throws IOException {
        StoredImage image = find(text);
        if (image == null) throw new ImageException("no such image: " + text);
        List<ImageReference> removed;
        try (StoreLock.Held ignored = names.exclusive()) {
            Map<ImageReference, Digest> all = refs.read();
            ImageReference named = byName(text, image);
            if (named != null) removed = List.of(named);
            else if (image.names().size() > 1 && !force)
                throw new ImageException("image " + image.id().shortId() + " has several names (" + image.names().size()
                        + "); remove them one by one or use --force");
            else removed = image.names();
            removed.forEach(all::remove);
            refs.write(all);
            // Removed by id: every manifest of it kept without a name goes too. Its last name removed:
            // a build's hold goes (the image with it, as moby deletes a built image), a dangling one's stays.
            if (named == null) for (Digest m : manifestsOf(image)) held.release(m);
            else if (removed.size() == image.names().size()) for (Digest m : manifestsOf(image)) held.release(m, HoldReason.BUILD_STEP);
        }
        collectGarbage();
        return removed;
    }

    private static ImageReference byName(String text, StoredImage image) {
        try {
            ImageReference ref = ImageReference.parse(text);
            return image.names().contains(ref) ? ref : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Removes blobs, layers and roots no name reaches. Waits for pulls and container starts in progress. */
    public void collectGarbage() throws IOException {
        try (StoreLock.Held c = content.exclusive(); StoreLock.Held n = names.exclusive()) {
            Set<Digest> liveBlobs = new HashSet<>(), liveLayers = new HashSet<>(), liveRoots = new HashSet<>();
            Set<Digest> live = new HashSet<>(refs.read().values());
            live.addAll(held.all().keySet());
            for (Digest manifest : live) {
                StoredImage image = load(manifest, List.of(), DAMAGED);
                liveBlobs.add(manifest);
                liveBlobs.add(image.id());
                image.manifest().layers().forEach(d -> liveBlobs.add(d.digest()));
                liveLayers.addAll(image.config().diffIds());
                liveRoots.add(image.id());
            }
            for (Digest d : blobs.all()) if (!liveBlobs.contains(d)) blobs.remove(d);
            for (Digest d : layers.all()) if (!liveLayers.contains(d)) layers.remove(d);
            try (Stream<Path> s = Files.list(roots)) {
                for (Path p : s.toList()) {
                    String hex = p.getFileName().toString();
                    if (!hex.matches("[0-9a-f]{64}") || !liveRoots.contains(new Digest(hex))) Trees.delete(p);
                }
            }
            // No pull holds a lock now (they hold the shared lock this one excludes).
            once.removeLocks();
        }
    }

    /**
     * After a failed pull or import: removes what it left that no name reaches. A
     * failure here is not reported over the first one; the next collection retries.
     */
    public void discardUnreferenced() {
        try {
            collectGarbage();
        } catch (IOException | RuntimeException e) {
            // The original error is the one the user needs; leftovers are only unreferenced content.
        }
    }

    /**
     * Names the manifest. An image a name moves away from keeps its content, as Docker's:
     * with no name left it is dangling ({@code <none>:<none>}) until pruned or named again.
     */
    private void name(Digest manifest, List<ImageReference> newNames) throws IOException {
        if (newNames.isEmpty()) return;
        try (StoreLock.Held ignored = names.exclusive()) {
            Map<ImageReference, Digest> all = refs.read();
            if (newNames.stream().allMatch(r -> manifest.equals(all.get(r)))) return; // a rebuild's tags, already there
            Set<Digest> displaced = new HashSet<>();
            for (ImageReference r : newNames) {
                Digest before = all.put(r, manifest);
                if (before != null && !before.equals(manifest)) displaced.add(before);
            }
            displaced.removeAll(all.values());
            if (!displaced.isEmpty()) {
                // a manifest of an image still named another way (a pull's and a load's of one config) just goes
                Set<Digest> namedIds = new HashSet<>();
                for (Digest m : new HashSet<>(all.values())) namedIds.add(load(m, List.of(), DAMAGED).id());
                for (Digest d : List.copyOf(displaced)) if (namedIds.contains(load(d, List.of(), DAMAGED).id())) displaced.remove(d);
            }
            // held before the names are written, so no collection between the two finds it unreached
            for (Digest d : displaced) held.hold(d, HoldReason.UNTAGGED);
            refs.write(all);
        }
    }

    /** What a manifest or config blob that does not parse means: new content is malformed, stored content damaged. */
    private interface BadBlob {
        RuntimeException of(Path blob, JsonException e);
    }

    private static final BadBlob DAMAGED = (blob, e) -> StoreDamage.of(blob, e, "remove that file, then pull, load or import the image again");

    /**
     * A manifest and its config as parsed, with the identity of the two blob files then
     * (inode, size, time): content-addressed, so valid while those files are the same.
     */
    private record Parsed(Manifest manifest, ImageConfig config, List<Object> manifestFile, List<Object> configFile) {}

    /**
     * Parsed images by manifest digest: finding an image by id reads every image, and a
     * build's cached steps find theirs by id, so each is parsed once while its blobs stay
     * (a blob damaged or replaced since is read again).
     */
    private final Map<Digest, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private List<Object> identity(Digest blob) {
        try {
            var a = Files.readAttributes(blobs.path(blob), java.nio.file.attribute.BasicFileAttributes.class);
            return a.isRegularFile() ? List.of(a.fileKey(), a.size(), a.lastModifiedTime()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private StoredImage load(Digest manifestDigest, List<ImageReference> names, BadBlob bad) throws IOException {
        List<Object> manifestFile = identity(manifestDigest);
        if (manifestFile == null) throw new ImageException("the store lacks manifest " + manifestDigest + "; pull the image again");
        Parsed known = parsed.get(manifestDigest);
        if (known != null && known.manifestFile().equals(manifestFile)
                && known.configFile().equals(identity(known.manifest().config().digest())))
            return new StoredImage(names, manifestDigest, known.manifest(), known.config(), layerSizes(known.config()));
        ManifestDocument doc;
        try {
            doc = ManifestDocument.parse(blobs.read(manifestDigest, ManifestDocument.MAX_BYTES), null);
        } catch (JsonException e) {
            throw bad.of(blobs.path(manifestDigest), e);
        }
        if (!(doc instanceof Manifest manifest)) throw new ImageException(manifestDigest + " is an index, not an image manifest");
        Digest configDigest = manifest.config().digest();
        List<Object> configFile = identity(configDigest);
        if (configFile == null) throw new ImageException("the store lacks config " + configDigest + "; pull the image again");
        ImageConfig config;
        try {
            config = ImageConfig.parse(blobs.read(configDigest, ImageConfig.MAX_BYTES));
        } catch (JsonException e) {
            throw bad.of(blobs.path(configDigest), e);
        }
        parsed.put(manifestDigest, new Parsed(manifest, config, manifestFile, configFile));
        return new StoredImage(names, manifestDigest, manifest, config, layerSizes(config));
    }

    private List<Long> layerSizes(ImageConfig config) {
        return config.diffIds().stream().map(layers::size).toList();
    }

    /** Work directories of processes that are gone: a crash's leftovers. */
    private static void removeAbandonedWork(Path tmpRoot) throws IOException {
        try (Stream<Path> s = Files.list(tmpRoot)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                boolean alive = name.matches("[0-9]{1,10}") && ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) Trees.delete(p);
            }
        }
    }
}
