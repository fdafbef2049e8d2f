package dev.lamina.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One Docker engine, reached through docker-java with the httpclient5 transport
 * (unix socket or TCP, as DOCKER_HOST names it). Every call here blocks: run
 * them through {@link Background}, never on the JavaFX thread.
 */
public final class Docker implements AutoCloseable {

    /** Connections to the engine at once: every stream open (events, logs, a stats stream per running container) and calls. */
    private static final int MAX_CONNECTIONS = 4096;

    private final URI host;
    /** Made at the first call, off the JavaFX thread: loading docker-java takes a second of a cold start. */
    private volatile Connection connection;

    private record Connection(DockerHttpClient http, DockerClient client) {}

    private Docker(URI host) {
        this.host = host;
    }

    /** The engine at {@code host}; nothing is loaded or connected until the first call. */
    public static Docker open(URI host) {
        return new Docker(host);
    }

    private Connection connection() {
        Connection c = connection;
        if (c != null) return c;
        synchronized (this) {
            if (connection == null) {
                var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build();
                // No response timeout: event, log and pull streams stay open for as long as they run.
                // Each stream holds a connection, a stats stream per running container among them: with 64,
                // the 64th running container and the ones after it never got a reading (bench/app-scale.sh).
                DockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                        .maxConnections(MAX_CONNECTIONS).connectionTimeout(Duration.ofSeconds(5)).build();
                connection = new Connection(http, DockerClientImpl.getInstance(config, http));
            }
            return connection;
        }
    }

    public URI host() { return host; }

    public DockerClient client() { return connection().client(); }

    /** A GET that docker-java has no command for (such as /system/df), as JSON. */
    public JsonNode get(String path) {
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = connection().http().execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() / 100 != 2) throw refusal(response.getStatusCode(), body);
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * `GET /containers/{id}/archive`, which docker-java's copyArchiveFromContainerCmd
     * makes without handing back the path's stat header: that stat, and the tar,
     * which the caller reads and closes.
     */
    public ContainerArchive archive(String containerId, String path) {
        String query = URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20");
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + containerId + "/archive?path=" + query).build();
        DockerHttpClient.Response response = connection().http().execute(request);
        try {
            if (response.getStatusCode() / 100 != 2) {
                try (InputStream body = response.getBody()) {
                    throw refusal(response.getStatusCode(), body);
                }
            }
            String stat = response.getHeader(PathStat.HEADER);
            if (stat == null) throw new EngineRefusal(502, "the engine's answer has no " + PathStat.HEADER + " header");
            return new ContainerArchive(PathStat.parse(stat), response.getBody(), response);
        } catch (IOException e) {
            response.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            response.close();
            throw e;
        }
    }

    /**
     * `docker import`: {@code tarball} (a root file system, plain or compressed) as image
     * {@code name} (`POST /images/create?fromSrc=-`), streamed; the new image's id.
     * docker-java's createImageCmd would send the stream as JSON, so the request is made here.
     */
    public String importImage(String name, InputStream tarball) {
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/images/create?fromSrc=-&repo=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .putHeader("Content-Type", "application/x-tar").body(tarball).build();
        try (DockerHttpClient.Response response = connection().http().execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() / 100 != 2) throw refusal(response.getStatusCode(), body);
            // A JSON progress stream: the last message is the id, or the error that ended it.
            String id = null;
            var messages = Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(body);
            while (messages.hasNext()) {
                JsonNode m = messages.next();
                if (m.hasNonNull("error") || m.hasNonNull("errorDetail"))
                    throw new EngineRefusal(500, m.path("errorDetail").path("message").asText(m.path("error").asText()));
                if (m.path("status").asText("").startsWith("sha256:")) id = m.path("status").asText();
            }
            if (id == null) throw new EngineRefusal(502, "the engine's answer names no image");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error answer: the engine's {"message"} when it sent one. */
    private static EngineRefusal refusal(int status, InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
        String message = "status " + status;
        try {
            message = Json.MAPPER.readTree(bytes).path("message").asText(message);
        } catch (IOException notJson) {
            // Kept: the status alone.
        }
        return new EngineRefusal(status, message);
    }

    /** JSON as people read it: indented. */
    public static String pretty(JsonNode json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Connection c = connection;
        if (c == null) return;
        try {
            c.client().close();
        } catch (IOException e) {
            // Closing connections to an engine that is gone: nothing left to do.
        }
    }
}
