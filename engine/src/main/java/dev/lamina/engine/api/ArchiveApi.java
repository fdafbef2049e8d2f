package dev.lamina.engine.api;

import dev.lamina.engine.files.ContainerArchives;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.http.ApiRequest;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Route;
import java.util.List;
import java.util.Map;

/**
 * `docker cp`: `HEAD /containers/{id}/archive` (a path's stat, in a header), `GET`
 * (that and a tar of the path) and `PUT` (a tar extracted into a directory); and
 * `docker export`: `GET /containers/{id}/export`, the root file system as a tar.
 */
public final class ArchiveApi {
    private final Containers containers;
    private final ContainerArchives archives;

    public ArchiveApi(Containers containers, ContainerArchives archives) {
        this.containers = containers;
        this.archives = archives;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/containers/{id}/archive", this::get),
                Route.spooled("PUT", "/containers/{id}/archive", this::put),
                Route.of("GET", "/containers/{id}/export", this::export));
    }

    /** `docker export`: the root file system as a tar. */
    private void export(Exchange ex) {
        String id = ex.request().param("id");
        archives.export(containers.find(id), id, () -> ex.stream(200, "application/x-tar", Map.of()).output());
    }

    /** GET, and HEAD, which the router hands here too: the stat alone. */
    private void get(Exchange ex) {
        ApiRequest r = ex.request();
        Container c = containers.find(r.param("id"));
        if (r.method().equals("HEAD")) {
            String stat = archives.stat(c, r.param("id"), r.query("path"), containers.binds(c));
            ex.bytes(200, null, new byte[0], Map.of(ContainerArchives.statHeader(), stat));
            return;
        }
        archives.read(c, r.param("id"), r.query("path"), containers.binds(c),
                stat -> ex.stream(200, "application/x-tar", Map.of(ContainerArchives.statHeader(), stat)).output());
    }

    private void put(Exchange ex) {
        ApiRequest r = ex.request();
        Container c = containers.find(r.param("id"));
        archives.extract(c, r.param("id"), r.query("path"), containers.binds(c), r.bodyFile(), r.flag("noOverwriteDirNonDir", false),
                r.flag("copyUIDGID", false));
        ex.empty(200);
    }
}
