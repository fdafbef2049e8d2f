package dev.lamina.engine;

import dev.lamina.container.ContainerRoot;
import dev.lamina.engine.api.ArchiveApi;
import dev.lamina.engine.api.BuildApi;
import dev.lamina.engine.api.CommitApi;
import dev.lamina.engine.api.ContainerApi;
import dev.lamina.engine.api.DiskUsageApi;
import dev.lamina.engine.api.ExecApi;
import dev.lamina.engine.api.ImageApi;
import dev.lamina.engine.api.NetworkApi;
import dev.lamina.engine.api.ProcessApi;
import dev.lamina.engine.api.SwarmApi;
import dev.lamina.engine.api.SystemApi;
import dev.lamina.engine.api.VolumeApi;
import dev.lamina.engine.build.Builder;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.containers.Execs;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.files.ContainerArchives;
import dev.lamina.engine.http.ApiServer;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.http.Router;
import dev.lamina.engine.images.Images;
import dev.lamina.engine.networks.GatewayOnHost;
import dev.lamina.engine.networks.Networks;
import dev.lamina.engine.volumes.NamedVolumes;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.store.ImageStore;
import dev.lamina.image.store.Trees;
import dev.lamina.kernel.RuntimeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The resident engine: the Docker Engine API on a unix socket under the data
 * root, and every container in this one JVM. Layout of the data root:
 * images/ (the store, shared with one-shot `lamina run`), engine/ (its lock,
 * id, containers/, networks/ and tmp/), volumes/, run/engine.sock (in a directory only
 * the user can enter).
 */
public final class Engine implements AutoCloseable {
    private final EngineLock lock;
    private final Containers containers;
    private final ApiServer server;
    private final GatewayOnHost gateway;

    private Engine(EngineLock lock, Containers containers, ApiServer server, GatewayOnHost gateway) {
        this.lock = lock;
        this.containers = containers;
        this.server = server;
        this.gateway = gateway;
    }

    /** Where the engine of {@code dataRoot} listens. */
    public static Path socket(Path dataRoot) { return dataRoot.resolve("run").resolve("engine.sock"); }

    /** Starts an engine on {@code dataRoot}, running programs from the installation at {@code home}. */
    public static Engine start(Path dataRoot, Path home, String version) throws IOException {
        Path engineDir = dataRoot.resolve("engine");
        EngineLock lock = EngineLock.take(engineDir.resolve("engine.lock"));
        if (lock == null)
            throw new EngineException("an engine already runs on " + dataRoot + " (its socket: " + socket(dataRoot)
                    + "); stop it first, or give this one another data root with LAMINA_DATA_ROOT");
        try {
            Path tmp = engineDir.resolve("tmp");
            try {
                if (Files.exists(tmp)) Trees.delete(tmp);
            } catch (IOException e) {
                // What an earlier engine left half-removed must not keep this one from starting.
                System.err.println("lamina engine: cannot remove what is left in " + tmp + ": " + e.getMessage());
            }
            // The user running Lamina's alone (0700), as the containers' directory is: removed containers' roots
            // wait there to be deleted and roots are made there ahead of creates, holding files with the modes their
            // guests or images gave them (set-user-id root programs among them).
            ContainerRoot.privateDirectory(tmp);
            Events events = new Events();
            Images images = new Images(ImageStore.open(dataRoot.resolve("images")), home.resolve("lib/default-image.tar"), events);
            NamedVolumes volumes = new NamedVolumes(dataRoot.resolve("volumes"), events);
            RuntimeFiles files = RuntimeFiles.in(home.resolve("lib"));
            Execs execs = new Execs(events);
            Networks networks = new Networks(engineDir.resolve("networks"));
            Containers containers = new Containers(engineDir.resolve("containers"), tmp, files, images, volumes, events, execs,
                    networks);
            List<Container> restart = containers.load();
            for (Container c : containers.all()) ContainerArchives.recover(c); // before any of them runs
            containers.startAgain(restart);
            List<Route> routes = new ArrayList<>();
            routes.addAll(new SystemApi(containers, images, events, dataRoot, engineId(engineDir), version).routes());
            routes.addAll(new ContainerApi(containers).routes());
            ContainerArchives archives = new ContainerArchives(Limits.defaults());
            routes.addAll(new ArchiveApi(containers, archives).routes());
            routes.addAll(new ProcessApi(containers).routes());
            routes.addAll(new ExecApi(containers, execs).routes());
            routes.addAll(new ImageApi(images, containers, events).routes());
            routes.addAll(new BuildApi(new Builder(images, containers, archives, events, engineDir.resolve("build-cache"), tmp)).routes());
            routes.addAll(new CommitApi(containers, images, events).routes());
            routes.addAll(new VolumeApi(volumes, containers).routes());
            routes.addAll(new DiskUsageApi(images, containers, volumes).routes());
            routes.addAll(new NetworkApi(networks, containers, events).routes());
            routes.addAll(new SwarmApi().routes());
            ApiServer server = ApiServer.start(socket(dataRoot), new Router(routes), tmp, containers::mayUseEngine);
            return new Engine(lock, containers, server, GatewayOnHost.ensure());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static String engineId(Path engineDir) throws IOException {
        Path file = engineDir.resolve("id");
        if (Files.exists(file)) return Files.readString(file).trim();
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Files.writeString(file, id);
        return id;
    }

    public Path socket() { return server.socket(); }

    /** What the engine could not set up as a user would expect, for its log. */
    public List<String> warnings() { return gateway.warning() == null ? List.of() : List.of(gateway.warning()); }

    /** Stops the engine: its containers get their stop signal, then SIGKILL after their grace; the socket goes. */
    @Override
    public void close() {
        containers.stopAll();
        server.close();
        gateway.close();
        try {
            lock.close();
        } catch (IOException e) {
            // released when the process ends
        }
    }
}
