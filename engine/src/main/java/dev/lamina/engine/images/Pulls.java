package dev.lamina.engine.images;

import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Exchange;
import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.ImagePuller;
import dev.lamina.image.registry.RegistryClient;
import dev.lamina.image.registry.Credentials;
import dev.lamina.image.store.StoredImage;
import java.util.LinkedHashMap;
import java.util.Map;

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
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        StoredImage before = images.find(ref.toString());
        LazyStream out = new LazyStream(ex);
        try {
            out.send(PullProgress.status("Pulling from " + ref.repository(), ref.tag() != null ? ref.tag() : ref.digest().toString()));
            StoredImage image = pull(ref, platform, RegistryLogin.fromHeader(ex.request().header("x-registry-auth")), out::send);
            out.send(PullProgress.status("Digest: " + image.manifestDigest(), null));
            boolean same = before != null && before.manifestDigest().equals(image.manifestDigest());
            out.send(PullProgress.status((same ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                    + ref.familiar(), null));
            events.publish("image", "pull", ref.familiar(), Map.of("name", ref.familiar()));
        } catch (ImageException | java.io.UncheckedIOException e) {
            if (!out.opened()) {
                // Nothing sent yet: the status says what went wrong, as moby's does for an unknown image.
                String m = e.getMessage() == null ? "pull failed" : e.getMessage();
                String lower = m.toLowerCase(java.util.Locale.ROOT);
                throw new ApiException(lower.contains("not found") || lower.contains("unknown") || lower.contains("denied") ? 404 : 500, m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errorDetail", Map.of("message", e.getMessage()));
            m.put("error", e.getMessage());
            out.send(m);
        } finally {
            out.close();
        }
    }

    /**
     * Pulls {@code ref} for {@code platform} (the host's when null) with the client's login
     * {@code sent} (or none) over the engine user's Docker config; progress goes to
     * {@code progress} as Docker's messages. Also a build's FROM.
     */
    public StoredImage pull(ImageReference ref, Platform platform, RegistryLogin sent,
                            java.util.function.Consumer<Map<String, Object>> progress) {
        Credentials logins = Credentials.fromDockerConfig();
        if (sent != null) logins = sent.over(logins, ref.registry());
        try (RegistryClient client = Registries.environment().client(java.util.Set.of(), logins)) {
            return new ImagePuller(client, images.store(), Limits.defaults())
                    .pull(ref, platform != null ? platform : Platform.host(), new PullProgress(progress::accept));
        }
    }

    /**
     * Progress messages, one JSON object a line. The first is held until a second
     * comes: only then is the answer a 200 stream.
     */
    private static final class LazyStream {
        private final Exchange ex;
        private Map<String, Object> held;
        private Exchange.Stream stream;

        LazyStream(Exchange ex) { this.ex = ex; }

        synchronized void send(Map<String, Object> message) {
            if (stream == null && held == null) {
                held = message;
                return;
            }
            if (stream == null) {
                stream = ex.stream(200, "application/json");
                stream.json(held);
            }
            stream.json(message);
        }

        synchronized boolean opened() { return stream != null; }

        synchronized void close() {
            if (stream != null) stream.close();
        }
    }
}
