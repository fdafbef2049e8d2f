package dev.lamina.engine.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.context.BuildContextException;
import dev.lamina.builder.dockerfile.Dockerfile;
import dev.lamina.builder.dockerfile.DockerfileException;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.containers.CreateRequest;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.files.ContainerArchives;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.images.Images;
import dev.lamina.engine.images.Pulls;
import dev.lamina.image.IoMessages;
import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.Credentials;
import dev.lamina.engine.files.ContainerLayer;
import dev.lamina.image.store.ChildImage;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.LayerBlob;
import dev.lamina.image.store.StoreLock;
import dev.lamina.image.store.StoredImage;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * `POST /build`: the classic builder. The context tar (the request body, spooled) is
 * unpacked into a work directory and refused with the reason when hostile or too
 * large; the Dockerfile is parsed before the answer starts, so its errors are a 400 the
 * CLI prints; the build itself answers in the JSON stream. Steps run in containers of
 * this engine, so builds see the engine's images, networks and limits.
 */
public final class Builder {
    private static final System.Logger LOG = System.getLogger(Builder.class.getName());
    /** The most a context may hold, unpacked (LAMINA_BUILD_CONTEXT_MAX_BYTES): a small compressed context cannot fill the disk. */
    private final long contextLimit = Limits.envLong("LAMINA_BUILD_CONTEXT_MAX_BYTES", 8L << 30);
    private final Images images;
    private final Containers containers;
    private final ContainerArchives archives;
    private final Pulls pulls;
    private final Events events;
    private final BuildCache cache;
    private final Path tmp;

    public Builder(Images images, Containers containers, ContainerArchives archives, Events events, Path cacheDir, Path tmp) {
        this.images = images;
        this.containers = containers;
        this.archives = archives;
        this.events = events;
        this.pulls = new Pulls(images, events);
        this.cache = new BuildCache(cacheDir);
        this.tmp = tmp;
    }

    public void build(Exchange ex) throws IOException {
        BuildRequest req = BuildRequest.of(ex.request());
        Path work = Files.createTempDirectory(tmp, "build-");
        try (InputStream body = Files.newInputStream(ex.request().bodyFile());
             BuildContext context = context(body, work.resolve("context"), contextLimit)) {
            Dockerfile dockerfile;
            try {
                dockerfile = Dockerfile.parse(context.dockerfile(req.dockerfile()));
            } catch (DockerfileException | BuildContextException e) {
                throw ApiException.badRequest(e.getMessage());
            } catch (StackOverflowError e) {
                throw ApiException.badRequest("the Dockerfile nests too deeply to be read");
            }
            try {
                Build.stagesTo(dockerfile, req.target()); // a target no stage names: a 400 before the stream, as moby's
            } catch (BuildException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            try (Exchange.Stream stream = ex.stream(200, "application/json")) {
                BuildOutput out = new BuildOutput(stream, req.quiet());
                Build build = new Build(this, req, context, dockerfile, out, work);
                ex.onClose(build::cancel); // a client that goes away stops the build, as dockerd's does
                try {
                    finish(build.run(), req, out);
                } catch (BuildException e) {
                    out.error(e.getMessage(), e.code);
                } catch (DockerfileException | BuildContextException | ImageException | ApiException e) {
                    out.error(e.getMessage(), null);
                } catch (UncheckedIOException e) {
                    out.error(IoMessages.describe(e.getCause()), null);
                } catch (StackOverflowError e) {
                    out.error("the Dockerfile nests too deeply to be built", null);
                } catch (RuntimeException e) {
                    // The builder's own fault, not the user's: the client still learns the build failed.
                    LOG.log(System.Logger.Level.WARNING, "a build failed", e);
                    out.error("the build failed: " + e, null);
                }
            }
        } finally {
            Trees.delete(work);
        }
    }

    /**
     * `docker builder prune`: the cache forgotten, and the intermediate images only it
     * kept removed (not those a container uses or a name reaches).
     */
    public void prune(Exchange ex) throws IOException {
        List<String> deleted = new java.util.ArrayList<>();
        long reclaimed = 0;
        cache.clear();
        List<StoredImage> steps = images.store().held(HoldReason.BUILD_STEP);
        for (StoredImage i : steps)
            if (containers.using(i.id().toString()).isEmpty()) images.store().release(i);
        images.store().collectGarbage();
        for (StoredImage i : steps)
            if (images.store().find(i.id().toString()) == null) {
                deleted.add(i.id().toString());
                reclaimed += i.size();
            }
        ex.json(200, Map.of("CachesDeleted", deleted, "SpaceReclaimed", reclaimed));
    }

    private static BuildContext context(InputStream body, Path dir, long limit) {
        try {
            return BuildContext.extract(body, dir, limit);
        } catch (BuildContextException e) {
            // The work directory is the engine's business: the client hears of names in its context.
            throw ApiException.badRequest("the build context was refused: " + String.valueOf(e.getMessage()).replace(dir + "/", ""));
        }
    }

    /** The built image gets its tags (or is kept untagged) and the client its id, as dockerd says them. */
    private void finish(StoredImage built, BuildRequest req, BuildOutput out) throws IOException {
        try (StoreLock.Held ignored = images.store().using()) {
            if (req.tags().isEmpty()) images.store().hold(built, HoldReason.UNTAGGED);
            for (ImageReference t : req.tags()) {
                images.store().tag(built, t);
                events.publish("image", "tag", built.id().toString(), Map.of("name", t.familiar()));
            }
        }
        out.built(built.id().toString());
        out.text("Successfully built " + built.id().shortId() + "\n");
        for (ImageReference t : req.tags()) out.text("Successfully tagged " + t.familiar() + "\n");
    }

    Images images() { return images; }

    Containers containers() { return containers; }

    ContainerArchives archives() { return archives; }

    BuildCache cache() { return cache; }

    /** FROM's image: the store's unless a pull is asked for or it is not there (or not for the platform), then pulled. */
    StoredImage baseImage(String name, Platform platform, boolean pull, Credentials logins, BuildOutput out) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw new BuildException("invalid reference format: " + name + " (" + e.getMessage() + ")");
        }
        StoredImage here = pull ? null : images.find(name);
        if (here != null && here.config().platform().architecture().equals(platform.architecture())) return here;
        try {
            return pulls.pull(ref, platform, logins, out::progress);
        } catch (ImageException e) {
            throw new BuildException("pull access denied or image not found for " + ref.familiar() + ": " + e.getMessage());
        }
    }

    /** FROM scratch: an image with no layer and an empty config, made once per platform. */
    StoredImage scratch(Platform platform) {
        String key = BuildCache.key(null, "scratch " + platform, null);
        StoredImage done = cache.find(key, images);
        if (done != null) return done;
        try {
            StoredImage made = ChildImage.scratch(images.store(), platform);
            cache.put(key, made);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image's flattened root, for COPY --from (read only). */
    Path root(StoredImage image) {
        try {
            return images.store().root(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The owners an image's root gives its files besides the host's (where the engine could not give them). */
    Map<String, dev.lamina.image.layer.LayerMetadata.Owner> rootOwners(StoredImage image) {
        try {
            return images.store().rootMetadata(image).owners();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A container of the stage's image that never runs: COPY and ADD put their files in it. */
    Container stepContainer(StageState s) {
        Map<String, Object> req = Map.of("Image", s.image.id().toString(), "Entrypoint", List.of(), "Cmd", List.of("/.lamina-copy"),
                "HostConfig", Map.of("NetworkMode", "none"));
        return containers.create(Json.MAPPER.convertValue(req, CreateRequest.class), null, s.platform.toString());
    }

    /** The stage's next image: {@code layer} added (none when null or empty), the stage's config, the step in history. */
    StoredImage commit(StageState s, LayerBlob layer, String createdBy) {
        try {
            return ChildImage.commit(images.store(), s.image, layer, s.config,
                    new ChildImage.History(Instant.now(), createdBy, "", s.author == null ? "" : s.author), List.of(), HoldReason.BUILD_STEP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stage's next image: the step container's changes as its new layer. */
    StoredImage commitChanges(StageState s, Container c, String createdBy, Path work) {
        try {
            Path file = work.resolve("layer-" + c.id() + ".tar.gz");
            try {
                return commit(s, ContainerLayer.write(images.store(), s.image, c.rootfs(), file), createdBy);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
