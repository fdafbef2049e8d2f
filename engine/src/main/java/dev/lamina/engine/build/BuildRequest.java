package dev.lamina.engine.build;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.ApiRequest;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.images.RegistryLogin;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.registry.Credentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of `POST /build` as the classic builder reads it, with the client's
 * registry logins (X-Registry-Config) for the build's pulls; what Lamina's builder
 * does not act on (resource limits, cachefrom, squash) is accepted and ignored, as
 * dockerd's classic builder ignores much of it too.
 */
public record BuildRequest(List<ImageReference> tags, String dockerfile, Map<String, String> buildArgs, String target,
                           Map<String, String> labels, boolean noCache, boolean pull, boolean remove, boolean forceRemove,
                           Platform platform, String networkMode, List<String> extraHosts, boolean quiet, Credentials registryLogins) {
    public BuildRequest {
        tags = List.copyOf(tags);
        extraHosts = List.copyOf(extraHosts);
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static BuildRequest of(ApiRequest r) {
        if ("2".equals(r.query("version")))
            throw ApiException.badRequest("BuildKit is not supported by Lamina: build with the classic builder (DOCKER_BUILDKIT=0)");
        if (r.query("remote") != null && !r.query("remote").isEmpty())
            throw ApiException.badRequest("remote build contexts are not supported: send the context as a tar");
        List<ImageReference> tags = new ArrayList<>();
        for (String t : r.query().getOrDefault("t", List.of())) {
            if (t.isEmpty()) continue;
            try {
                ImageReference ref = ImageReference.parse(t);
                if (ref.digest() != null) throw new IllegalArgumentException("a tag cannot name a digest: " + t);
                tags.add(ref);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid tag " + t + ": " + e.getMessage());
            }
        }
        String dockerfile = r.query("dockerfile", "");
        return new BuildRequest(tags, dockerfile.isEmpty() ? "Dockerfile" : dockerfile, map(r, "buildargs"),
                emptyToNull(r.query("target")), map(r, "labels"), r.flag("nocache", false), r.flag("pull", false),
                r.flag("rm", true), r.flag("forcerm", false), linux(r.platform()), emptyToNull(r.query("networkmode")),
                r.query().getOrDefault("extrahosts", List.of()).stream().filter(h -> !h.isEmpty()).toList(), r.flag("q", false),
                RegistryLogin.fromConfigHeader(r.header("x-registry-config")));
    }

    /** The HostConfig of a RUN step's container: the network and /etc/hosts entries asked for (`--network`, `--add-host`). */
    Map<String, Object> stepHostConfig() {
        Map<String, Object> host = new LinkedHashMap<>();
        if (networkMode != null) host.put("NetworkMode", networkMode);
        if (!extraHosts.isEmpty()) host.put("ExtraHosts", extraHosts);
        return host;
    }

    /** A JSON object of strings in a query parameter; a null value (a build-arg named without one) leaves the ARG's default. */
    private static Map<String, String> map(ApiRequest r, String name) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) return Map.of();
        try {
            return Json.MAPPER.readValue(v, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("invalid " + name + ": not a JSON object of strings");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Builds make Linux images, as a Linux dockerd's: another system is refused before anything runs (null: the host's). */
    static Platform linux(Platform p) {
        if (p != null && !p.os().equals("linux"))
            throw ApiException.badRequest("operating system is not supported: " + p.os() + " (images are built for linux)");
        return p;
    }
}
