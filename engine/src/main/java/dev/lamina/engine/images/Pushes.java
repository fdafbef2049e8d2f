package dev.lamina.engine.images;

import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.image.ImageException;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.registry.ImagePusher;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.store.StoredImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `POST /images/{name}/push?tag=`: the image under that tag, or without a tag every
 * tag of the repository, to its registry, answered with Docker's progress stream
 * ("The push refers to repository [NAME]", each layer's state, then per tag
 * "TAG: digest: D size: N" and an aux message the clients read the digest from).
 * A name the store lacks is a 404 before any streaming, as moby's; the client's
 * login (X-Registry-Auth) goes before the engine user's Docker config.
 */
public final class Pushes {
    private final Images images;
    private final Events events;

    public Pushes(Images images, Events events) {
        this.images = images;
        this.events = events;
    }

    public void push(String name, String tag, Exchange ex) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(tag.isEmpty() ? name : name + ":" + tag);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (ref.digest() != null) throw ApiException.badRequest("cannot push a digest reference: " + name);
        boolean tagged = !tag.isEmpty() || name.lastIndexOf(':') > name.lastIndexOf('/');
        Map<ImageReference, StoredImage> targets = targets(tagged ? ref : ref.withTag(null));
        if (targets.isEmpty())
            throw ApiException.notFound("An image does not exist locally with the tag: " + ref.withTag(null).familiar());
        ProgressStream out = new ProgressStream(ex);
        try (RegistryClient client = Registries.client(ex.request().header("x-registry-auth"), ref.registry())) {
            out.send(Map.of("status", "The push refers to repository [" + ref.name() + "]"));
            ImagePusher pusher = new ImagePusher(client, images.store(), ImagePusher.DEFAULT_CHUNK);
            for (var t : targets.entrySet()) {
                ImagePusher.Pushed pushed = pusher.push(t.getValue(), t.getKey(), LayerProgress.push(out::send));
                out.send(Map.of("status", t.getKey().tag() + ": digest: " + pushed.digest() + " size: " + pushed.size()));
                Map<String, Object> aux = new LinkedHashMap<>();
                aux.put("progressDetail", Map.of());
                aux.put("aux", Map.of("Tag", t.getKey().tag(), "Digest", pushed.digest().toString(), "Size", pushed.size()));
                out.send(aux);
                events.publish("image", "push", t.getKey().familiar(), Map.of("name", t.getKey().familiar()));
            }
        } catch (ImageException | java.io.UncheckedIOException e) {
            String m = e.getMessage() == null ? "push failed" : e.getMessage();
            if (!out.opened()) throw new ApiException(500, m);
            out.error(m);
        } finally {
            out.close();
        }
    }

    /** The tagged name and its image; for an untagged name each tag of the repository, in order. */
    private Map<ImageReference, StoredImage> targets(ImageReference ref) {
        Map<ImageReference, StoredImage> out = new LinkedHashMap<>();
        if (ref.tag() != null) {
            StoredImage image = images.find(ref.toString());
            if (image != null && image.names().contains(ref)) out.put(ref, image);
            return out;
        }
        List<ImageReference> tags = new ArrayList<>();
        for (StoredImage i : images.list())
            for (ImageReference n : i.names())
                if (n.name().equals(ref.name()) && n.tag() != null && n.digest() == null) tags.add(n);
        tags.sort(Comparator.comparing(ImageReference::tag));
        for (ImageReference n : tags) out.put(n, images.find(n.toString()));
        return out;
    }
}
