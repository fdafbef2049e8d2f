package dev.lamina.engine.images;

import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.image.ImageException;
import dev.lamina.image.ImageNotFound;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.oci.ImageConfig;
import dev.lamina.image.oci.ImageIndex;
import dev.lamina.image.oci.Manifest;
import dev.lamina.image.oci.ManifestDocument;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.ImagePuller;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.store.StoredImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * `POST /images/create`: a pull, answered with Docker's progress stream. The
 * stream opens with the first message, so a pull that fails before any
 * (a bad name, an unknown image) gets a plain error status the client can
 * read; later failures go in the stream, as errorDetail. The client's login
 * for the registry (X-Registry-Auth) goes before the engine user's Docker config.
 */
public final class Pulls {
    private final Images images;
    private final Events events;

    public Pulls(Images images, Events events) {
        this.images = images;
        this.events = events;
    }

    public void pull(String text, Platform platform, Exchange ex) {
        ImageReference ref = reference(text);
        StoredImage before = images.find(ref.toString());
        ProgressStream out = new ProgressStream(ex);
        try {
            out.send(LayerProgress.status("Pulling from " + ref.repository(), ref.tag() != null ? ref.tag() : ref.digest().toString()));
            StoredImage image;
            image = pull(ref, platform, ex.request().header("x-registry-auth"), out::send);
            out.send(LayerProgress.status("Digest: " + image.manifestDigest(), null));
            boolean same = before != null && before.manifestDigest().equals(image.manifestDigest());
            out.send(LayerProgress.status((same ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                    + ref.familiar(), null));
            events.publish("image", "pull", ref.familiar(), Map.of("name", ref.familiar()));
        } catch (ImageException | java.io.UncheckedIOException e) {
            if (!out.opened()) {
                // Nothing sent yet: the status says what went wrong, as moby's: 404 for an image the
                // registry does not have (or will not show), 500 for a registry it cannot reach.
                throw new ApiException(e instanceof ImageNotFound ? 404 : 500, e.getMessage() == null ? "pull failed" : e.getMessage());
            }
            out.error(e.getMessage());
        } finally {
            out.close();
        }
    }

    /**
     * `GET /distribution/{name}/json` (docker-py's get_registry_data, `docker manifest`-like checks): what the
     * registry serves for {@code ref} without pulling it: the manifest's or index's descriptor, and the platforms it
     * holds (an index's entries', or a manifest's config's).
     */
    public Map<String, Object> distribution(ImageReference ref, String sentAuth) {
        try (RegistryClient client = Registries.client(sentAuth, ref.registry())) {
            RegistryClient.FetchedManifest m = client.manifest(ref, ref.digest() != null ? ref.digest().toString() : ref.tag());
            ManifestDocument doc = ManifestDocument.parse(m.body(), m.contentType());
            List<Platform> platforms = new ArrayList<>();
            if (doc instanceof ImageIndex index) {
                for (Descriptor d : index.manifests()) if (d.platform() != null) platforms.add(d.platform());
            } else if (doc instanceof Manifest manifest) {
                platforms.add(ImageConfig.parse(client.smallBlob(ref, manifest.config(), ImageConfig.MAX_BYTES)).platform());
            }
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("mediaType", doc.mediaType());
            descriptor.put("digest", m.digest().toString());
            descriptor.put("size", m.body().length);
            List<Map<String, Object>> shown = new ArrayList<>();
            for (Platform p : platforms) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("architecture", p.architecture());
                one.put("os", p.os());
                if (!p.variant().isEmpty()) one.put("variant", p.variant());
                shown.add(one);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Descriptor", descriptor);
            out.put("Platforms", shown);
            return out;
        } catch (ImageNotFound e) {
            throw ApiException.notFound(e.getMessage());
        } catch (ImageException | dev.lamina.image.json.JsonException e) {
            throw new ApiException(500, e.getMessage());
        }
    }

    /** A name the client sent; 400 for one that is none. */
    private static ImageReference reference(String text) {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Tags `pull --all-tags` takes at most. */
    private static final int ALL_TAGS_MAX = 1000;

    /**
     * `docker pull --all-tags REPOSITORY`: every tag the registry lists, one after the other, each told as dockerd tells
     * it (its tag as the id of "Pulling from"), then the repository's status; the first that fails ends the pull.
     */
    public void pullAllTags(String repository, Platform platform, Exchange ex) {
        ImageReference repo = reference(repository);
        String sentAuth = ex.request().header("x-registry-auth");
        ProgressStream out = new ProgressStream(ex);
        try (RegistryClient client = Registries.client(sentAuth, repo.registry())) {
            java.util.List<String> tags = client.tags(repo, ALL_TAGS_MAX);
            if (tags.isEmpty()) throw new ImageNotFound(repo.repository() + ": the registry lists no tags");
            boolean changed = false;
            for (String tag : tags) {
                ImageReference ref = repo.withTag(tag);
                StoredImage before = images.find(ref.toString());
                out.send(LayerProgress.status("Pulling from " + ref.repository(), tag));
                StoredImage image = pull(client, ref, platform, out::send);
                out.send(LayerProgress.status("Digest: " + image.manifestDigest(), null));
                changed |= before == null || !before.manifestDigest().equals(image.manifestDigest());
                events.publish("image", "pull", ref.familiar(), Map.of("name", ref.familiar()));
            }
            out.send(LayerProgress.status((changed ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
                    + repo.familiarName(), null));
        } catch (ImageException | java.io.UncheckedIOException e) {
            if (!out.opened())
                throw new ApiException(e instanceof ImageNotFound ? 404 : 500, e.getMessage() == null ? "pull failed" : e.getMessage());
            out.error(e.getMessage());
        } finally {
            out.close();
        }
    }

    /**
     * Pulls {@code ref} for {@code platform} (the host's when null) with the client's
     * login {@code sentAuth} (X-Registry-Auth, or null) over the engine user's Docker
     * config; progress goes to {@code progress} as Docker's messages. Also a build's FROM.
     */
    public StoredImage pull(ImageReference ref, Platform platform, String sentAuth, Consumer<Map<String, Object>> progress) {
        try (RegistryClient client = Registries.client(sentAuth, ref.registry())) {
            return pull(client, ref, platform, progress);
        }
    }

    /** A build's pull: with the logins its client sent for every registry (X-Registry-Config) over the engine user's. */
    public StoredImage pull(ImageReference ref, Platform platform, Credentials sent, Consumer<Map<String, Object>> progress) {
        try (RegistryClient client = Registries.client(sent)) {
            return pull(client, ref, platform, progress);
        }
    }

    private StoredImage pull(RegistryClient client, ImageReference ref, Platform platform, Consumer<Map<String, Object>> progress) {
        return new ImagePuller(client, images.store(), Limits.defaults())
                .pull(ref, platform != null ? platform : Platform.host(), LayerProgress.pull(progress));
    }
}
