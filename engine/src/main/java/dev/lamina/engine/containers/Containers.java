package dev.lamina.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.builder.context.GoPath;
import dev.lamina.container.ContainerExit;
import dev.lamina.container.ContainerRoot;
import dev.lamina.container.ContainerSpec;
import dev.lamina.container.ContainerSpecException;
import dev.lamina.container.DockerInit;
import dev.lamina.container.Overrides;
import dev.lamina.container.ProcessOptions;
import dev.lamina.container.Volumes;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.files.WorkingDirectory;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import dev.lamina.engine.images.Images;
import dev.lamina.engine.networks.DnsAnswers;
import dev.lamina.engine.networks.DnsServer;
import dev.lamina.engine.networks.NetworkRecord;
import dev.lamina.engine.networks.Networks;
import dev.lamina.engine.networks.Subnet;
import dev.lamina.engine.networks.Upstream;
import dev.lamina.engine.volumes.NamedVolumes;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.StoredImage;
import dev.lamina.image.store.Trees;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.Fabric;
import dev.lamina.kernel.GuestArch;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.PortPlan;
import dev.lamina.kernel.PortUnavailableException;
import dev.lamina.kernel.RuntimeFiles;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.syscalls.ExecResolver.ExecFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Every container of the engine and what happens to them: create, start, the end
 * of a run (restart policy, --rm), stop, kill, rename, remove. Each change is
 * written to the container's file before it is announced (events, waiters).
 * One JVM runs every container: each run is a kernel on a thread of its own.
 */
public final class Containers {
    private static final System.Logger LOG = System.getLogger(Containers.class.getName());
    /** Docker's default grace before SIGKILL in `stop`. */
    public static final int DEFAULT_STOP_TIMEOUT = 10;
    /** How long a SIGKILL's answer waits for the container to stop (moby's). */
    private static final int KILL_WAIT_SECONDS = 10;
    /** How long a start waits for its first process to be on the host before it answers anyway. */
    private static final java.time.Duration START_WAIT = java.time.Duration.ofSeconds(10);

    private final Path dir;
    private final RuntimeFiles files;
    private final Images images;
    private final NamedVolumes volumes;
    private final Execs execs;
    private final Events events;
    private final Networks networks;
    /** HostConfig.NetworkMode's prefix for another container's network. */
    private static final String CONTAINER_MODE = "container:";
    private final Discards discards;
    private final RootsAhead rootsAhead;
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    /** Creates under way, by id: their names and addresses are taken while their roots are made. */
    private final Map<String, ContainerRecord> creating = new ConcurrentHashMap<>();
    /** Every container's addresses for the kernels, which translate connects between them. */
    private final Fabric fabric = new Fabric();
    /** What the containers' embedded DNS answers from. */
    private final ContainerNames names = new ContainerNames(byId);
    /** The host's resolver settings, which a container's resolv.conf and embedded DNS start from. */
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Path HOST_HOSTS = Path.of("/etc/hosts");
    private volatile boolean shuttingDown;

    /** {@code tmp}: a directory on the same file system as {@code dir}, emptied at every engine start. */
    public Containers(Path dir, Path tmp, RuntimeFiles files, Images images, NamedVolumes volumes, Events events, Execs execs,
                      Networks networks) {
        this.dir = dir;
        this.networks = networks;
        this.discards = new Discards(tmp);
        this.rootsAhead = new RootsAhead(tmp.resolve("roots-ahead"), images.store(), discards);
        events.subscribe(Long.MAX_VALUE, e -> {
            if (e.type().equals("image") && e.action().equals("delete")) rootsAhead.forget(e.id());
        });
        this.files = files;
        this.images = images;
        this.volumes = volumes;
        this.execs = execs;
        this.events = events;
    }

    /**
     * Reads every container kept on disk. Those that were running when the engine
     * died are marked exited (their processes died with it); those whose restart
     * policy says they start again with the engine are returned, for {@link #startAgain}.
     */
    public List<Container> load() throws IOException {
        ContainerRoot.privateDirectory(dir);
        List<Container> restart = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                ContainerRecord r;
                try {
                    r = ContainerFile.read(d);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot read the container in " + d + "; left as it is", e);
                    continue;
                }
                if (r == null) {
                    Trees.delete(d); // its creation never finished
                    continue;
                }
                if (r.state().status().equals(ContainerState.REMOVING)) {
                    Trees.delete(d);
                    continue;
                }
                Container c = new Container(d, r);
                if (r.state().running() || r.state().restarting())
                    persist(c, r.state().restarting() ? r.state().exitedBetweenRuns()
                            : r.state().exited(255, "the engine stopped while the container ran", now()));
                if (restartsWithEngine(c.record())) restart.add(c);
                releaseAddresses(c);
                byId.put(r.id(), c);
            }
        }
        return restart;
    }

    /** Starts again the containers {@link #load} returned. */
    public void startAgain(List<Container> restart) {
        for (Container c : restart) {
            try {
                start(c);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot restart " + c.name(), e);
            }
        }
    }

    /**
     * Whether an exited container starts again with the engine, as moby's restart manager decides at
     * the daemon's start: always, even when a user stopped it; unless-stopped, unless one did; on-failure
     * after a failing status (the engine's own stop, or its death, end a run so) while retries are left.
     * The engine's stop is no user's ({@link #stop} leaves the mark off while it shuts down).
     */
    private static boolean restartsWithEngine(ContainerRecord r) {
        ContainerState s = r.state();
        if (!s.status().equals(ContainerState.EXITED) || s.startedAt().equals(ContainerState.NEVER)) return false;
        CreateRequest.RestartPolicy p = r.config().hostConfig().restartPolicy();
        return switch (p.name()) {
            case "always" -> true;
            case "unless-stopped" -> !s.stopRequested();
            case "on-failure" -> s.exitCode() != 0 && (p.maximumRetryCount() == 0 || r.restartCount() < p.maximumRetryCount());
            default -> false;
        };
    }

    public Collection<Container> all() { return byId.values(); }

    /**
     * Whether a container's process (known by its lineage below this JVM, nearest
     * first) may use the engine at {@code socket}: only when the container was given
     * the socket, or a directory above it, by a bind mount, as `-v
     * /var/run/docker.sock:...` gives it in Docker. Without that, a guest that
     * reached the socket by its host path, past musl+, would drive the engine.
     */
    public boolean mayUseEngine(List<Integer> lineage, Path socket) {
        for (int pid : lineage)
            for (Container c : byId.values()) {
                Kernel k = c.kernel;
                if (k == null || k.processes().byHost(pid) == null) continue;
                for (ContainerConfig.Volume v : k.config().volumes())
                    if (socket.startsWith(realPath(v.hostPath()))) return true;
                return false;
            }
        return false; // below this JVM but no container's: a spare host, an orphan
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * The container a user means: full id, name (with or without Docker's slash),
     * or a unique id prefix. 404 otherwise, as Docker.
     */
    public Container find(String idOrName) {
        Container c = byId.get(idOrName);
        if (c != null) return c;
        String name = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        for (Container x : byId.values()) if (x.name().equals(name)) return x;
        if (!idOrName.isEmpty() && idOrName.matches("[0-9a-f]+")) {
            List<Container> matches = byId.values().stream().filter(x -> x.id().startsWith(idOrName)).toList();
            if (matches.size() == 1) return matches.getFirst();
            if (matches.size() > 1)
                throw ApiException.badRequest("multiple IDs found with provided prefix: " + idOrName);
        }
        throw ApiException.notFound("No such container: " + idOrName);
    }

    /** Creates a container from a create request; 404 when its image is not here, or not for the platform
     * asked (the CLI then pulls it). */
    public Container create(CreateRequest req, String requestedName, String platform) {
        if (req.image() == null || req.image().isEmpty()) throw ApiException.badRequest("config.Image is required");
        CreateRequest.HostConfig asked = req.hostConfig();
        List<CreateRequest.Mount> mounts = asked.mounts();
        req = volumesFrom(MountSpecs.folded(req));
        String requested = requestedName == null || requestedName.isEmpty() ? null : Names.checked(requestedName);
        StoredImage image = images.find(req.image());
        if (image == null) throw ApiException.notFound("No such image: " + req.image());
        if (platform != null && !platform.isEmpty()) {
            Platform wanted;
            try {
                wanted = Platform.parse(platform);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            Platform actual = image.config().platform();
            if (!actual.architecture().equals(wanted.architecture()))
                throw ApiException.notFound("image with reference " + req.image() + " was found but does not match the specified "
                        + "platform: wanted " + wanted.os() + "/" + wanted.architecture() + ", actual: " + actual.os() + "/"
                        + actual.architecture());
        }
        if (GuestArch.named(image.config().platform().architecture()) == null)
            throw ApiException.badRequest("Lamina cannot run " + image.config().platform().architecture() + " programs (it runs "
                    + GuestArch.X86_64.ociName() + " and " + GuestArch.AARCH64.ociName() + ")");
        JsonNode imageConfig = images.config(image).path("config");
        String id = Names.newId();
        CreateRequest merged = mergeImageConfig(req, imageConfig);
        ContainerSpec spec;
        try {
            req.hostConfig().checkModes(req.hostname());
            Overrides o = new Overrides(req.entrypoint(), req.cmd() == null ? List.of() : req.cmd(), req.env(), req.user(),
                    req.workingDir(), emptyToNull(req.hostname()), List.of(), req.terminal(), compat(req));
            spec = ContainerSpec.merge(image.config(), o, req.hostConfig().hostUts() || req.hostConfig().hostNetwork() ? hostHostname() : id.substring(0, 12));
        } catch (ContainerSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        // A named volume a mount makes takes the mount's labels and driver options (one that exists keeps its own);
        // options the local driver has and Lamina does not serve are refused, as `volume create` refuses them.
        for (CreateRequest.Mount m : mounts)
            if ("volume".equals(m.type()) && m.source() != null && !m.source().isEmpty() && m.volumeOptions() != null)
                volumes.create(m.source(), m.volumeOptions().labels() == null ? Map.of() : m.volumeOptions().labels(),
                        m.volumeOptions().driverOptions());
        Map<String, String> anonymous = AnonymousVolumes.named(AnonymousVolumes.uncovered(merged.volumes().keySet(), req.hostConfig()));
        // `--volume-driver`: the driver of the volumes the run makes or names; only the local one is here, as a
        // dockerd without plugins says (a run with no volume is not asked for it)
        String driver = req.hostConfig().volumeDriver();
        if (driver != null && !driver.isEmpty() && !driver.equals("local")
                && (!anonymous.isEmpty() || req.hostConfig().binds().stream().anyMatch(b -> !b.startsWith("/"))))
            throw ApiException.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
        // A named volume is made by the create that names it first, as moby makes it.
        for (String bind : req.hostConfig().binds()) bindVolume(bind, true);
        if (!anonymous.isEmpty()) {
            List<String> binds = new ArrayList<>(req.hostConfig().binds());
            anonymous.forEach((name, path) -> binds.add(name + ":" + path));
            merged = merged.withBinds(binds);
        }
        try {
            req.hostConfig().limits();
            req.hostConfig().capabilities();
            ProcessOptions.rlimits(req.hostConfig().ulimits());
            ProcessOptions.noNewPrivileges(req.hostConfig().securityOpt());
            req.hostConfig().logConfig().check();
            req.hostConfig().restartPolicy().check();
            if (req.hostConfig().removeOnExit() && !req.hostConfig().restartPolicy().name().equals("no"))
                throw new ContainerSpecException("can't create 'AutoRemove' container with restart policy"); // moby's
            req.hostConfig().checkedSysctls();
            req.hostConfig().checkRuntime();
            req.hostConfig().shm();
            dev.lamina.container.Placement.cpus(req.hostConfig().cpusetCpus());
            dev.lamina.container.Placement.oomScoreAdj(req.hostConfig().oomScoreAdj());
        } catch (ContainerSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        merged = merged.with(merged.hostConfig().withSwapDefault());
        if (req.stopSignal() != null && !req.stopSignal().isEmpty()) Signals.parse(req.stopSignal()); // 400 as dockerd's
        PortBindings.plan(req);
        EtcHosts.check(req.hostConfig());
        Links.check(req.hostConfig(), this::find);
        Path cdir = dir.resolve(id);
        ContainerRecord draft = new ContainerRecord(id, "", now(), req.image(), image.id().toString(), merged,
                spec.command(), spec.env(), spec.workdir(), spec.user(), spec.hostname(), 0, ContainerState.created(), null,
                ContainerRecord.AskedMounts.of(asked));
        ContainerRecord record;
        synchronized (this) {
            // A name made up here, under the lock, so two creates at once cannot make the same one.
            String name = requested != null ? requested : uniqueGeneratedName();
            String holder = holderOf(name);
            if (holder != null)
                throw ApiException.conflict("Conflict. The container name \"/" + name + "\" is already in use by container \""
                        + holder + "\". You have to remove (or rename) that container to be able to reuse that name.");
            record = draft.withName(name).withNetworks(endpoints(req, id, false));
            creating.put(id, record);
        }
        // The root is linked outside the lock (hundreds of hard links), or taken made ahead: the name and addresses are
        // held by `creating`.
        try {
            Files.createDirectories(cdir);
            if (!rootsAhead.take(image, cdir.resolve("rootfs"))) ContainerRoot.share(images.store(), image, cdir.resolve("rootfs"));
            if (WorkingDirectory.namesAFile(cdir.resolve("rootfs"), spec.workdir()))
                throw new ApiException(500, "Cannot mkdir: " + spec.workdir() + " is not a directory"); // moby's, at the create
            for (String v : anonymous.keySet()) volumes.create(v, AnonymousVolumes.LABELS);
            VolumeFill.fromImage(cdir.resolve("rootfs"), merged.hostConfig().binds(), volumes);
            Container c = new Container(cdir, record);
            ContainerFile.write(cdir, record);
            synchronized (this) {
                byId.put(id, c);
                creating.remove(id);
            }
            events.publish("container", "create", id, attributes(c));
            return c;
        } catch (IOException | RuntimeException e) {
            creating.remove(id);
            Discards.delete(cdir);
            for (String v : anonymous.keySet()) AnonymousVolumes.remove(volumes, v);
            if (e instanceof ApiException a) throw a;
            throw new ApiException(500, "cannot create the container: " + e.getMessage());
        }
    }

    /**
     * HostConfig.VolumesFrom (`--volumes-from NAME[:ro|:rw]`, compose's volumes_from): the
     * other container's volumes and binds at the same paths, read-only with ro, writable
     * with rw, else as the other has them; a path this request mounts itself stays its own.
     */
    private CreateRequest volumesFrom(CreateRequest req) {
        CreateRequest.HostConfig h = req.hostConfig();
        if (h.volumesFrom().isEmpty()) return req;
        Set<String> taken = new HashSet<>();
        for (String b : h.binds()) {
            String[] p = b.split(":");
            if (p.length >= 2) taken.add(GoPath.clean(p[1]));
        }
        taken.addAll(h.tmpfs().keySet().stream().map(GoPath::clean).toList());
        if (req.volumes() != null) taken.addAll(req.volumes().keySet().stream().map(GoPath::clean).toList());
        List<String> binds = new ArrayList<>();
        for (String from : h.volumesFrom()) {
            String[] spec = from.split(":");
            String mode = spec.length > 1 ? spec[1] : null;
            if (spec.length > 2 || (mode != null && !mode.equals("ro") && !mode.equals("rw")))
                throw ApiException.badRequest("invalid mode for volumes-from: " + from);
            Container other = find(spec[0]);
            for (String b : other.record().config().hostConfig().binds()) {
                String[] p = b.split(":", -1);
                if (p.length < 2 || !taken.add(GoPath.clean(p[1]))) continue;
                List<String> options = new ArrayList<>(p.length > 2 ? List.of(p[2].split(",")) : List.of());
                if (mode != null) {
                    options.removeIf(o -> o.equals("ro") || o.equals("rw"));
                    if (mode.equals("ro")) options.add("ro");
                }
                options.remove("nocopy");
                options.add("nocopy"); // the other's volume is filled already, or was asked not to be
                binds.add(p[0] + ":" + p[1] + ":" + String.join(",", options));
            }
        }
        binds.addAll(h.binds());
        return req.with(h.with(binds, h.tmpfs(), h.mounts()), req.volumes());
    }

    /** The id of the container, made or being made, that has {@code name}; null when none has. Under this object's lock. */
    private String holderOf(String name) {
        for (Container x : byId.values()) if (x.name().equals(name)) return x.id();
        for (ContainerRecord r : creating.values()) if (r.name().equals(name)) return r.id();
        return null;
    }

    /**
     * The endpoints a create asks for: HostConfig.NetworkMode's network (the default
     * bridge unless named), then any other network NetworkingConfig names. Called under
     * this object's lock, which address allocation needs.
     */
    private Map<String, NetworkEndpoint> endpoints(CreateRequest req, String id, boolean starting) {
        String asMode = req.hostConfig().networkMode();
        String mode = asMode == null || asMode.isEmpty() || asMode.equals("default") ? "bridge" : asMode;
        if (mode.startsWith(CONTAINER_MODE)) return Map.of(); // the other's network, joined at start
        NetworkRecord first = starting ? networks.find(mode) : networks.lookup(mode);
        if (first == null) return Map.of(); // as Docker, a network missing is found out at start (404)
        Map<String, CreateRequest.EndpointSettings> asked = req.networkingConfig().endpointsConfig();
        Map<String, NetworkEndpoint> out = new java.util.LinkedHashMap<>();
        out.put(first.name(), endpoint(first, id, settings(asked, first, asMode), out, false));
        for (var e : asked.entrySet()) {
            if (e.getKey().equals(asMode) || e.getKey().equals("default")) continue; // NetworkMode's, as the CLI names it
            NetworkRecord n = starting ? networks.find(e.getKey()) : networks.lookup(e.getKey());
            if (n == null) return Map.of();
            if (out.containsKey(n.name())) continue;
            if (!first.addressed() || !n.addressed())
                throw ApiException.badRequest("container cannot be connected to multiple networks with one of the networks in private (none) or host mode");
            out.put(n.name(), endpoint(n, id, e.getValue() == null ? CreateRequest.EndpointSettings.NONE : e.getValue(), out, false));
        }
        return out;
    }

    /** A container whose networks were missing when it was made (or made before networks): its endpoints now, or 404. */
    private void attach(Container c) {
        synchronized (this) {
            synchronized (c) {
                if (!c.record().networks().isEmpty()) return;
                persist(c.record().withNetworks(endpoints(c.record().config(), c.id(), true)), c);
            }
        }
    }

    /** NetworkingConfig's settings for a network, which it may name by name or by what NetworkMode said. */
    private static CreateRequest.EndpointSettings settings(Map<String, CreateRequest.EndpointSettings> asked, NetworkRecord n,
                                                           String mode) {
        CreateRequest.EndpointSettings s = asked.get(n.name());
        if (s == null && mode != null) s = asked.get(mode);
        if (s == null) s = asked.get("default");
        if (s == null) s = asked.get(n.id());
        return s == null ? CreateRequest.EndpointSettings.NONE : s;
    }

    /**
     * An endpoint on {@code n}: the address asked for, or the lowest free one after the
     * gateway (taken: those of every container's record and of the creates under way, and those in {@code making});
     * under this object's lock.
     */
    private NetworkEndpoint endpoint(NetworkRecord n, String containerId, CreateRequest.EndpointSettings s,
                                     Map<String, NetworkEndpoint> making, boolean running) {
        String endpointId = Names.newId();
        if (!n.addressed()) {
            if (!s.aliases().isEmpty())
                throw ApiException.badRequest("network-scoped alias is supported only for containers in user defined networks");
            return new NetworkEndpoint(n.id(), endpointId, "", 0, "", "", List.of(), "", List.of());
        }
        if (n.builtIn() && !s.aliases().isEmpty())
            throw ApiException.badRequest("network-scoped alias is supported only for containers in user defined networks");
        Subnet subnet = n.cidr();
        int gateway = Subnet.ipOrNull(n.gateway());
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        taken.add(gateway);
        List<ContainerRecord> records = new ArrayList<>(creating.values());
        for (Container x : byId.values()) records.add(x.record());
        for (ContainerRecord r : records)
            for (NetworkEndpoint e : r.networks().values())
                if (e.networkId().equals(n.id()) && e.addressed()) taken.add(Subnet.ipOrNull(e.ipAddress()));
        for (NetworkEndpoint e : making.values())
            if (e.networkId().equals(n.id()) && e.addressed()) taken.add(Subnet.ipOrNull(e.ipAddress()));
        int ip;
        String want = s.ipv4Address();
        if (want != null) {
            Integer w = Subnet.ipOrNull(want);
            if (w == null) throw ApiException.badRequest("invalid IPv4 address: " + want);
            if (n.builtIn())
                throw ApiException.badRequest("user specified IP address is supported on user defined networks only");
            if (!subnet.contains(w) || w == subnet.base() || w == subnet.last())
                throw ApiException.badRequest("no configured subnet contains IP address " + want);
            if (!running) return unaddressed(n, s);
            if (taken.contains(w)) throw new ApiException(403, "Address already in use");
            ip = w;
        } else {
            if (!running) return unaddressed(n, s);
            ip = subnet.base() + 1;
            while (taken.contains(ip) && ip < subnet.last()) ip++;
            if (ip >= subnet.last()) throw new ApiException(403, "no available IPv4 addresses on this network's address pools: " + n.name());
        }
        String mac = String.format("02:42:%02x:%02x:%02x:%02x", ip >>> 24, ip >>> 16 & 255, ip >>> 8 & 255, ip & 255);
        return new NetworkEndpoint(n.id(), endpointId, Subnet.ip(ip), subnet.prefix(), n.gateway(), mac,
                s.aliases().stream().distinct().toList(), want == null ? "" : want, links(n, s));
    }

    /** An endpoint of a container that does not run: what was asked for, no address yet. */
    private static NetworkEndpoint unaddressed(NetworkRecord n, CreateRequest.EndpointSettings s) {
        String want = s.ipv4Address();
        return new NetworkEndpoint(n.id(), "", "", 0, "", "", s.aliases().stream().distinct().toList(), want == null ? "" : want,
                links(n, s));
    }

    /** An endpoint's links, checked ("NAME[:ALIAS]"); moby takes them on user networks only, and so on the default bridge ignores them. */
    private static List<String> links(NetworkRecord n, CreateRequest.EndpointSettings s) {
        if (n.builtIn()) return List.of();
        return s.links().stream().map(l -> String.join(":", Links.parse(l))).distinct().toList();
    }

    /**
     * A container about to run gets an address on each of its networks (the one asked for, or
     * the lowest free one), as Docker gives them at start; 403 when the one asked for is taken.
     */
    private void assignAddresses(Container c) {
        synchronized (this) {
            synchronized (c) {
                ContainerRecord r = c.record();
                if (r.state().running()) return;
                Map<String, NetworkEndpoint> now = new java.util.LinkedHashMap<>(r.networks());
                for (var e : r.networks().entrySet()) {
                    NetworkRecord n = networks.lookup(e.getValue().networkId());
                    if (n != null && n.addressed() && !e.getValue().addressed())
                        now.put(e.getKey(), endpoint(n, c.id(), e.getValue().settings(), now, true));
                }
                if (!now.equals(r.networks())) persist(r.withNetworks(now), c);
            }
        }
    }

    /** A container that stopped gives its addresses back (Docker's release), under its lock; the disconnect events go now. */
    private void releaseAddresses(Container c) {
        ContainerRecord had = releaseAddressesQuietly(c);
        if (had != null) endpointEvents("disconnect", had, c);
    }

    /** {@link #releaseAddresses} without its events: the record as it was, for them, or null when it had no address. */
    private ContainerRecord releaseAddressesQuietly(Container c) {
        ContainerRecord r = c.record();
        if (r.networks().values().stream().noneMatch(NetworkEndpoint::addressed)) return null;
        Map<String, NetworkEndpoint> now = new java.util.LinkedHashMap<>();
        r.networks().forEach((k, e) -> now.put(k, e.released()));
        persist(r.withNetworks(now), c);
        fabric.addresses(c.id(), List.of());
        return r;
    }

    /** moby's network connect (disconnect) events as a container's run joins (leaves) its networks. */
    private void endpointEvents(String action, ContainerRecord r, Container c) {
        for (NetworkEndpoint e : r.networks().values()) {
            NetworkRecord n = e.addressed() ? networks.lookup(e.networkId()) : null;
            if (n != null) networkEvent(action, n, c);
        }
    }

    /**
     * moby's volume events for {@code c}'s volumes (named and anonymous, not binds or tmpfs): {@code mount} as a
     * start sets them up, with where and how, {@code unmount} as its end lets them go.
     */
    private void volumeEvents(String action, Container c) {
        for (String bind : c.record().config().hostConfig().binds()) {
            if (bind.startsWith("/")) continue;
            String[] p = bind.split(":");
            Map<String, String> attrs = new java.util.LinkedHashMap<>();
            attrs.put("driver", "local");
            attrs.put("container", c.id());
            if (action.equals("mount")) {
                boolean readOnly = p.length > 2 && List.of(p[2].split(",")).contains("ro") || volumes.readOnly(p[0]);
                attrs.put("destination", p.length > 1 ? GoPath.clean(p[1]) : "");
                attrs.put("read/write", Boolean.toString(!readOnly));
                attrs.put("propagation", "");
            }
            events.publish("volume", action, p[0], attrs);
        }
    }

    /** `network connect`: a new endpoint on {@code n}, kept in the container's record. */
    public void connect(Container c, NetworkRecord n, CreateRequest.EndpointSettings settings) {
        synchronized (this) {
            synchronized (c) {
                ContainerRecord r = c.record();
                String mode = r.config().hostConfig().networkMode();
                if (n.name().equals("host") || "host".equals(mode) || r.networks().containsKey("host"))
                    throw ApiException.badRequest("container cannot be disconnected from host network or connected to host network");
                if (n.name().equals("none") || r.networks().containsKey("none"))
                    throw ApiException.badRequest("container cannot be connected to multiple networks with one of the networks in private (none) mode");
                if (r.networks().containsKey(n.name()))
                    throw new ApiException(403, "endpoint with name " + r.name() + " already exists in network " + n.name());
                Map<String, NetworkEndpoint> now = new java.util.LinkedHashMap<>(r.networks());
                now.put(n.name(), endpoint(n, c.id(), settings == null ? CreateRequest.EndpointSettings.NONE : settings, now,
                        c.running()));
                persist(r.withNetworks(now), c);
                fabric.addresses(c.id(), addresses(c.record()));
            }
        }
        networkEvent("connect", n, c);
        refreshHosts(c);
        joinedUserNetwork(c);
    }

    /** `network disconnect`: the container leaves {@code n}. */
    public void disconnect(Container c, NetworkRecord n) {
        synchronized (this) {
            synchronized (c) {
                ContainerRecord r = c.record();
                if (!r.networks().containsKey(n.name()))
                    throw new ApiException(500, "container " + c.id() + " is not connected to network " + n.name());
                if (n.name().equals("host"))
                    throw ApiException.badRequest("container cannot be disconnected from host network or connected to host network");
                Map<String, NetworkEndpoint> now = new java.util.LinkedHashMap<>(r.networks());
                now.remove(n.name());
                persist(r.withNetworks(now), c);
                fabric.addresses(c.id(), addresses(c.record()));
            }
        }
        networkEvent("disconnect", n, c);
        refreshHosts(c);
    }

    /**
     * Writes anew the /etc/hosts of {@code self}, which joined or left a network, while it
     * runs (its own addresses are there; other containers' names are the embedded DNS's).
     */
    private void refreshHosts(Container self) {
        Kernel k = self.kernel;
        if (k == null) return;
        try {
            k.etc("hosts", EtcHosts.hosts(self.record(), HOST_HOSTS) + Links.hosts(Links.resolve(self.record(), this::find, false)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write /etc/hosts of " + self.name(), e);
        }
    }

    /** A record's addresses as the fabric takes them. */
    private List<Fabric.Address> addresses(ContainerRecord r) {
        List<Fabric.Address> out = new ArrayList<>();
        for (NetworkEndpoint e : r.networks().values()) {
            if (!e.addressed()) continue;
            NetworkRecord n = networks.lookup(e.networkId());
            try {
                out.add(new Fabric.Address(e.networkId(), (java.net.Inet4Address) java.net.InetAddress.getByName(e.ipAddress()),
                        e.prefixLen(), (java.net.Inet4Address) java.net.InetAddress.getByName(e.gateway()), n != null && n.internal()));
            } catch (java.net.UnknownHostException x) {
                throw new IllegalStateException("not an address in the record of " + r.id() + ": " + e.ipAddress(), x);
            }
        }
        return out;
    }

    private void networkEvent(String action, NetworkRecord n, Container c) {
        events.publish("network", action, n.id(), Map.of("container", c.id(), "name", n.name(), "type", n.driver()));
    }

    /** The containers with an endpoint on {@code n}, running or not. */
    public List<Container> on(NetworkRecord n) {
        return byId.values().stream().filter(c -> c.record().networks().values().stream()
                .anyMatch(e -> e.networkId().equals(n.id()))).toList();
    }

    /** Removes a user network no container is on; 403 as Docker otherwise. */
    public void removeNetwork(NetworkRecord n) {
        synchronized (this) {
            boolean used = !on(n).isEmpty() || creating.values().stream().anyMatch(r -> r.networks().values().stream()
                    .anyMatch(e -> e.networkId().equals(n.id())));
            if (used && !n.builtIn())
                throw new ApiException(403, "error while removing network: network " + n.name() + " id " + n.id()
                        + " has active endpoints");
            networks.remove(n);
        }
        events.publish("network", "destroy", n.id(), Map.of("name", n.name(), "type", n.driver()));
    }

    private String uniqueGeneratedName() {
        for (int i = 0; i < 100; i++) {
            String n = Names.generated();
            if (holderOf(n) == null) return n;
        }
        return Names.generated() + "_" + Names.newId().substring(0, 6);
    }

    /** The host's name, for `--uts host` and `--network host` (Linux's own, without a name lookup where it can). */
    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException unknown) {
                return "localhost";
            }
        }
    }

    /** `--security-opt lamina=compat` serves syscall instructions made outside musl+ (static binaries). */
    private static boolean compat(CreateRequest req) {
        return req.hostConfig().securityOpt().contains("lamina=compat");
    }

    /**
     * Docker's merge of the image's config into a create request (moby's daemon
     * merge): exposed ports, volumes and labels are unions, the stop signal the
     * image's when none is asked, the health check the image's beneath the request's, the
     * working directory the image's when none is asked ("" when neither has one),
     * Cmd and Entrypoint the image's unless an entrypoint is asked (and Cmd unless a
     * command is): what inspect shows. The process's command, env, user and workdir
     * merge in ContainerSpec.
     */
    private static CreateRequest mergeImageConfig(CreateRequest r, JsonNode image) {
        List<String> cmd = r.cmd(), entrypoint = r.entrypoint();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if ((cmd == null || cmd.isEmpty()) && image.path("Cmd").isArray()) cmd = strings(image.path("Cmd"));
            if (entrypoint == null && image.path("Entrypoint").isArray()) entrypoint = strings(image.path("Entrypoint"));
        }
        Map<String, Object> exposed = new java.util.LinkedHashMap<>();
        image.path("ExposedPorts").fieldNames().forEachRemaining(p -> exposed.put(p, Map.of()));
        exposed.putAll(r.exposedPorts());
        for (String p : r.hostConfig().portBindings().keySet()) exposed.putIfAbsent(p, Map.of());
        Map<String, Object> volumes = new java.util.LinkedHashMap<>();
        image.path("Volumes").fieldNames().forEachRemaining(p -> volumes.put(p, Map.of()));
        if (r.volumes() != null) volumes.putAll(r.volumes());
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        image.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.putAll(r.labels());
        String stopSignal = r.stopSignal() != null && !r.stopSignal().isEmpty() ? r.stopSignal()
                : image.path("StopSignal").asText(null);
        CreateRequest.Healthcheck imageCheck = image.path("Healthcheck").isObject()
                ? Json.MAPPER.convertValue(image.path("Healthcheck"), CreateRequest.Healthcheck.class) : null;
        CreateRequest.Healthcheck check = r.healthcheck() == null ? imageCheck : r.healthcheck().over(imageCheck);
        String workingDir = r.workingDir() != null && !r.workingDir().isEmpty() ? r.workingDir() : image.path("WorkingDir").asText("");
        return new CreateRequest(r.image(), cmd, entrypoint, r.env(), r.user(), workingDir, r.hostname(),
                r.domainname(), r.tty(), r.openStdin(), r.stdinOnce(), r.attachStdin(), r.attachStdout(), r.attachStderr(),
                exposed, volumes, labels, stopSignal, r.stopTimeout(), check, r.hostConfig(), r.networkingConfig());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Where the named volume's files are (whether or not it exists yet): a Mounts entry's Source. */
    public Path volumeData(String name) { return volumes.checkName(name); }

    /**
     * The directories and files bound into {@code c} that exist now: what `docker cp` reaches at their paths. While it
     * runs, what its run mounted (its Binds and its --tmpfs directories, as a copy in Docker's mount namespace sees them);
     * else its Binds (a stopped container's tmpfs is gone: the root's directory under it is what a copy reaches).
     */
    public List<ContainerConfig.Volume> binds(Container c) {
        Kernel running = c.kernel();
        if (running != null) return running.config().volumes();
        List<ContainerConfig.Volume> out = new ArrayList<>();
        for (String b : c.record().config().hostConfig().binds()) {
            try {
                out.add(bindVolume(b, false));
            } catch (ApiException missing) {
                // A named volume not made yet (its first start makes it), or a host path gone: nothing there to copy.
            }
        }
        return out;
    }

    /** A Binds entry: HOST_PATH:PATH[:ro] binds a host directory; NAME:PATH[:ro] a named volume (made when missing). */
    private ContainerConfig.Volume bindVolume(String bind, boolean make) {
        try {
            if (bind.startsWith("/")) return Volumes.parse(bind, "Binds");
            int colon = bind.indexOf(':');
            if (colon <= 0) throw ApiException.badRequest("invalid volume specification: '" + bind + "'");
            String name = bind.substring(0, colon);
            Volumes.form(bind, bind, "Binds");
            if (make) volumes.create(name, java.util.Map.of());
            Path data = volumes.hostPath(name);
            ContainerConfig.Volume v = Volumes.parse(data + bind.substring(colon), bind, "Binds");
            // o=bind,ro: read-only wherever it is mounted
            return volumes.readOnly(name) ? new ContainerConfig.Volume(v.hostPath(), v.containerPath(), true) : v;
        } catch (ContainerSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * HostConfig.Tmpfs (`--tmpfs PATH[:OPTIONS]`, Testcontainers' withTmpFs): each path
     * gets an empty directory of the container's own, made anew at every start, as a
     * run starts with an empty tmpfs; mode= from the options, else the mode of the directory it
     * covers in the image (runc sets it so: `--tmpfs /run` stays 0755), else tmpfs's 1777; uid= and gid=; ro.
     */
    private static List<ContainerConfig.Volume> tmpfs(Container c) {
        Map<String, String> asked = c.record().config().hostConfig().tmpfs();
        List<ContainerConfig.Volume> out = new ArrayList<>();
        if (asked.isEmpty()) return out;
        Path base = c.dir().resolve("tmpfs");
        try {
            if (Files.exists(base)) Trees.delete(base);
            int n = 0;
            for (Map.Entry<String, String> e : asked.entrySet()) {
                List<String> options = e.getValue() == null ? List.of() : List.of(e.getValue().split(","));
                int option = 01777; // the mount's mode option, as /proc/mounts shows it
                Integer mode = null;
                for (String o : options) {
                    if (!o.startsWith("mode=")) continue;
                    try {
                        mode = option = Integer.parseInt(o.substring(5), 8);
                    } catch (NumberFormatException bad) {
                        throw ApiException.badRequest("Tmpfs " + e.getKey() + ": invalid mode " + o.substring(5));
                    }
                }
                if (mode == null) mode = coveredMode(c.rootfs(), e.getKey());
                Path dir = Files.createDirectories(base.resolve(Integer.toString(n++)));
                Files.setAttribute(dir, "unix:mode", mode & 07777);
                // uid= and gid=: the mount's owner, as tmpfs takes them (a service user's scratch directory)
                for (String o : options) {
                    if (!o.startsWith("uid=") && !o.startsWith("gid=")) continue;
                    int id;
                    try {
                        id = Integer.parseInt(o.substring(4));
                    } catch (NumberFormatException bad) {
                        throw ApiException.badRequest("Tmpfs " + e.getKey() + ": invalid " + o.substring(0, 3) + " " + o.substring(4));
                    }
                    try {
                        Files.setAttribute(dir, o.startsWith("uid=") ? "unix:uid" : "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
                    } catch (java.nio.file.FileSystemException notRoot) {
                        // an engine that is not root gives no owner: the directory stays the engine's (root's inside)
                    }
                }
                ContainerConfig.Volume v = Volumes.parse(dir + ":" + e.getKey() + (options.contains("ro") ? ":ro" : ""), "Tmpfs");
                out.add(new ContainerConfig.Volume(v.hostPath(), v.containerPath(), v.readOnly(), TmpfsMountOptions.of(options, option)));
            }
        } catch (ContainerSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the tmpfs directories of " + c.id(), e);
        }
        return out;
    }

    /**
     * The mode of the directory a tmpfs covers in the container's root, or tmpfs's own 1777 when there is none. Links on
     * the way are followed inside the root, as runc resolves a mount point (Debian's /var/run leads to /run); one
     * leading out of it is taken from the root instead, and past 40 links there is none.
     */
    private static int coveredMode(Path rootfs, String containerPath) {
        java.util.Deque<String> left = new java.util.ArrayDeque<>();
        for (Path name : Path.of("/").relativize(Path.of(containerPath))) left.add(name.toString());
        java.util.Deque<String> at = new java.util.ArrayDeque<>();
        try {
            for (int links = 0; !left.isEmpty(); ) {
                String name = left.pollFirst();
                if (name.isEmpty() || name.equals(".")) continue;
                if (name.equals("..")) {
                    at.pollLast();
                    continue;
                }
                Path here = rootfs.resolve(String.join("/", at)).resolve(name);
                if (Files.isSymbolicLink(here)) {
                    if (++links > 40) return 01777;
                    String target = Files.readSymbolicLink(here).toString();
                    if (target.startsWith("/")) at.clear();
                    List<String> names = List.of(target.split("/"));
                    for (int i = names.size() - 1; i >= 0; i--) left.addFirst(names.get(i));
                    continue;
                }
                if (!Files.isDirectory(here, LinkOption.NOFOLLOW_LINKS)) return 01777;
                at.addLast(name);
            }
            Path dir = rootfs.resolve(String.join("/", at));
            return (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        } catch (IOException | RuntimeException e) {
            return 01777;
        }
    }

    /** Starts a created or exited container; 304 when it runs already (or is between two runs its policy makes). */
    public void start(Container c) {
        start(c, 0);
    }

    /** Whether the container still waits for the restart {@code token} names (0: none). */
    private static boolean awaitsRestart(Container c, long token) {
        synchronized (c) {
            return token != 0 && c.restartToken == token && c.record().state().restarting();
        }
    }

    /** {@code restartToken}: its restart policy's start (0: a user's), which a stop, start or remove meanwhile calls off. */
    private void start(Container c, long restartToken) {
        boolean restart = restartToken != 0;
        if (c.record().networks().isEmpty()) {
            try {
                attach(c);
            } catch (ApiException e) {
                synchronized (c) {
                    failedStart(c, 128, e.getMessage());
                }
                throw e;
            }
        }
        try {
            assignAddresses(c);
        } catch (ApiException e) {
            synchronized (c) {
                failedStart(c, 128, e.getMessage());
            }
            throw e;
        }
        Kernel running;
        synchronized (c) {
            ContainerRecord r = c.record();
            if (restart && !awaitsRestart(c, restartToken)) {
                if (!r.state().running()) releaseAddresses(c); // a user's start meanwhile keeps its own
                return;
            }
            if (r.state().running() || (!restart && r.state().restarting()))
                throw new ApiException(304, "container already started");
            if (r.state().status().equals(ContainerState.REMOVING) || shuttingDown)
                throw ApiException.conflict("container " + c.id() + " is being removed");
            List<ContainerConfig.Volume> binds = new ArrayList<>();
            try {
                for (String b : r.config().hostConfig().binds()) binds.add(bindVolume(b, true));
                binds.addAll(tmpfs(c));
            } catch (ApiException e) {
                throw failed(c, null, null, null, e);
            } catch (RuntimeException e) {
                throw failed(c, null, null, null, new ApiException(500, "cannot start the container: " + e.getMessage()));
            }
            // --network container:NAME: the other's network, names and port space are this one's too.
            Container net;
            try {
                net = networkOwner(c, r);
            } catch (ApiException e) {
                failedStart(c, 128, e.getMessage()); // as moby: attached clients see the run end
                throw e;
            }
            ContainerRecord netRecord = net.record();
            List<Links.Link> links;
            try {
                links = Links.resolve(r, this::find, true);
            } catch (ApiException e) {
                failedStart(c, 128, e.getMessage());
                throw e;
            }
            c.links = links;
            ContainerSpec spec = new ContainerSpec(r.command(), Links.env(r.name(), links, r.env()), r.workingDir(), r.user(),
                    netRecord.hostname(), binds, r.config().terminal(), compat(r.config()));
            Stdio stdio = null;
            Kernel kernel = null;
            DnsServer dns = null;
            try {
                RuntimeFiles files = runtimeFiles(r);
                if (r.config().hostConfig().runsInit()) spec = DockerInit.around(spec, files);
                PortPlan plan;
                if (net == c) {
                    fabric.addresses(c.id(), addresses(r));
                    endpointEvents("connect", r, c);
                    plan = PortBindings.plan(r.config()).on(fabric, c.id());
                } else plan = PortPlan.sharing(net.kernel().ports());
                ContainerConfig config = spec.config(c.rootfs(), c.dir().resolve("state"), Confinement.fromEnvironment(), plan, true)
                        .withLimits(r.config().hostConfig().limits()).withReadOnlyRoot(r.config().hostConfig().readOnlyRoot())
                        .withProcessDefaults(r.config().hostConfig().processDefaults(c.rootfs()))
                        .withSysctls(r.config().hostConfig().checkedSysctls());
                dev.lamina.container.MountPoints.make(c.rootfs(), config.volumes());
                kernel = new Kernel(config, files);
                // --domainname: the NIS domain its UTS namespace gets (uname, /proc/sys/kernel/domainname).
                String domain = r.config().domainname();
                if (domain != null && !domain.isEmpty()) kernel.domainname(domain);
                kernel.etc("hosts", EtcHosts.hosts(netRecord, HOST_HOSTS) + Links.hosts(links));
                boolean embeddedDns = EtcHosts.embeddedDns(netRecord);
                String resolv = EtcHosts.resolvConf(netRecord.config().hostConfig(), embeddedDns, HOST_RESOLV_CONF);
                if (resolv != null) kernel.etc("resolv.conf", resolv);
                kernel.prepare();
                if (net == c && embeddedDns) dns = startDns(c);
                stdio = r.config().terminal() ? Stdio.terminal(r.config().hostConfig().consoleSize(), kernel)
                        : Stdio.pipes(r.config().stdinOpen());
                c.output().begin();
            } catch (ExecFailure e) {
                close(c, kernel, stdio, dns);
                failedStart(c, e.exitCode(), e.getMessage());
                throw ApiException.badRequest(dockerStartError(e));
            } catch (ContainerSpecException e) {
                throw failed(c, kernel, stdio, dns, ApiException.badRequest(e.getMessage()));
            } catch (PortUnavailableException e) {
                throw failed(c, kernel, stdio, dns, new ApiException(500,
                        "driver failed programming external connectivity on endpoint " + c.name() + ": " + e.getMessage()));
            } catch (ApiException e) {
                throw failed(c, kernel, stdio, dns, e);
            } catch (IOException | RuntimeException e) {
                throw failed(c, kernel, stdio, dns, new ApiException(500, "cannot start the container: " + e.getMessage()));
            }
            c.kernel = kernel;
            c.dns = dns;
            c.started(stdio);
            stdio.pump(c.output(), "container-" + c.id().substring(0, 12));
            persist(c, r.state().started(now()));
            volumeEvents("mount", c);
            events.publish("container", "start", c.id(), attributes(c));
            CreateRequest.Healthcheck check = r.config().healthcheck();
            c.health = check != null && check.active()
                    ? Health.start(c, check, execs, status -> events.publish("container", "health_status: " + status, c.id(), attributes(c)))
                    : null;
            Kernel k = kernel;
            Stdio s = stdio;
            Thread.ofPlatform().name("container-" + c.id().substring(0, 12)).start(() -> run(c, k, s));
            running = k;
        }
        // Answered once its first process is on the host, as dockerd's once runc started it: an inspect
        // right after shows its pid (it showed 0 while running), or its exit if it ended at once.
        try {
            running.awaitStarted(START_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The container whose network a run has: its own, or with --network container:NAME the
     * other's, which must be running (moby's 409 otherwise).
     */
    private Container networkOwner(Container c, ContainerRecord r) {
        String mode = r.config().hostConfig().networkMode();
        if (mode == null || !mode.startsWith(CONTAINER_MODE)) return c;
        String name = mode.substring(CONTAINER_MODE.length());
        Container other = find(name);
        if (other == c) throw ApiException.badRequest("cannot join own network");
        Kernel k = other.kernel();
        if (k == null || !other.record().state().running())
            throw ApiException.conflict("cannot join network of a non running container: " + name);
        return other;
    }

    /** A start that failed after the checks: what it had made is let go, and its run ends (failedStart); returns e. */
    private ApiException failed(Container c, Kernel kernel, Stdio stdio, DnsServer dns, ApiException e) {
        close(c, kernel, stdio, dns);
        failedStart(c, 128, e.getMessage());
        return e;
    }

    /**
     * A start that failed is the end of a run for those waiting on one, and with
     * --rm the container goes (the docker CLI waits for that before it exits).
     */
    private void failedStart(Container c, int exitCode, String error) {
        releaseAddresses(c);
        ContainerState s = c.record().state().startFailed(exitCode, error, now());
        persist(c, s);
        endWaits(c, s);
        if (c.record().config().hostConfig().removeOnExit()) Thread.ofVirtual().start(() -> remove(c, true, true));
    }

    /**
     * Those waiting for the end of a run (`docker wait`, whose not-running waits through a
     * restart its policy schedules, as moby's) get {@code s} now: a start failed, or the
     * restart it waited for was called off. Under the container's lock.
     */
    private static void endWaits(Container c, ContainerState s) {
        CompletableFuture<ContainerState> waiters = c.nextExit;
        c.nextExit = new CompletableFuture<>();
        waiters.complete(s);
    }

    /** Docker's words for a command that cannot start: the docker CLI picks 126 or 127 from them, else 125. */
    private static String dockerStartError(ExecFailure e) {
        return switch (e.exitCode()) {
            case 126 -> "failed to start the container process: exec: permission denied: " + e.getMessage();
            case 127 -> "failed to start the container process: exec: executable file not found in $PATH: no such file or directory: "
                    + e.getMessage();
            default -> "failed to create the container process: " + e.getMessage(); // a working directory that is none
        };
    }

    /** Starts a container's embedded DNS (the names it sees, its upstream servers) and leads its kernel there. */
    private DnsServer startDns(Container c) throws IOException {
        DnsServer dns = DnsServer.start(new DnsAnswers(names, c.id(), upstream(c.record())), c.id().substring(0, 12));
        fabric.nameServer(c.id(), dns.ports());
        return dns;
    }

    /**
     * A running container that had no embedded DNS (the default bridge only) and joined a user
     * network gets it now, and a resolv.conf naming it, as Docker rewrites it then.
     */
    private void joinedUserNetwork(Container c) {
        synchronized (c) {
            Kernel k = c.kernel;
            String mode = c.record().config().hostConfig().networkMode();
            if (k == null || c.dns != null || !EtcHosts.embeddedDns(c.record()) || (mode != null && mode.startsWith(CONTAINER_MODE)))
                return;
            try {
                c.dns = startDns(c);
                k.etc("resolv.conf", EtcHosts.resolvConf(c.record().config().hostConfig(), true, HOST_RESOLV_CONF));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot start the embedded DNS of " + c.name(), e);
            }
        }
    }

    /** Undoes a start that failed half-way. */
    private void close(Container c, Kernel k, Stdio s, DnsServer dns) {
        if (k != null) k.close();
        if (s != null) s.close();
        if (dns != null) {
            fabric.nameServer(c.id(), null);
            dns.close();
        }
        releaseAddresses(c);
    }

    /**
     * Where the embedded DNS forwards the names it does not know: the `--dns` servers, else the
     * host's; nowhere from internal networks only (Docker's answer there is SERVFAIL).
     */
    private Upstream upstream(ContainerRecord r) {
        if (!r.config().hostConfig().dns().isEmpty()) return Upstream.of(r.config().hostConfig().dns());
        if (addresses(r).stream().allMatch(Fabric.Address::internal)) return Upstream.NONE;
        return Upstream.of(Upstream.nameservers(HOST_RESOLV_CONF));
    }

    /** The bytes of the container's image as `docker images` shows them (0 when the image is gone). */
    public long imageBytes(Container c) {
        StoredImage image = images.find(c.record().imageId());
        return image == null ? 0 : image.size();
    }

    /** The init host and musl+ for the architecture of the container's image (the host's if it is gone). */
    private RuntimeFiles runtimeFiles(ContainerRecord r) {
        StoredImage image = images.find(r.imageId());
        GuestArch arch = image == null ? null : GuestArch.named(image.config().platform().architecture());
        return arch == null || arch == files.arch() ? files : RuntimeFiles.in(files.initHost().getParent(), arch);
    }

    private void run(Container c, Kernel kernel, Stdio stdio) {
        ContainerExit exit;
        boolean oomKilled = false;
        try {
            exit = ContainerExit.run(kernel, stdio.hosts(kernel.runtimeFiles(), kernel.config().confinement().on()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "container " + c.id() + " failed", e);
            exit = new ContainerExit(125, e.getMessage());
        } finally {
            oomKilled = kernel.oomKilled();
            try {
                kernel.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot clean up after container " + c.id(), e);
            }
            stdio.closeContainerEnds();
            stdio.awaitOutput();
        }
        ended(c, exit, oomKilled);
        stdio.close();
    }

    private void ended(Container c, ContainerExit exit, boolean oomKilled) {
        boolean again;
        long token = 0;
        CompletableFuture<ContainerState> waiters;
        ContainerState s;
        ContainerRecord released;
        synchronized (c) {
            c.kernel = null;
            c.stdio = null;
            if (c.dns != null) {
                fabric.nameServer(c.id(), null);
                c.dns.close();
                c.dns = null;
            }
            released = releaseAddressesQuietly(c);
            if (c.health != null) c.health.stop();
            ContainerRecord r = c.record();
            s = r.state().exited(exit.status(), exit.error(), now(), oomKilled);
            persist(c, s);
            // Told under the container's lock, as moby's monitor tells it: a wait that sees the exit, then a
            // remove, finds the die told before its destroy.
            if (oomKilled) events.publish("container", "oom", c.id(), attributes(c));
            Map<String, String> attrs = new java.util.HashMap<>(attributes(c));
            attrs.put("exitCode", Integer.toString(exit.status()));
            events.publish("container", "die", c.id(), attrs);
            waiters = c.nextExit;
            c.nextExit = new CompletableFuture<>();
            again = restarts(c.record(), exit.status());
            if (again) {
                c.record(c.record().restarted());
                persist(c, s.awaitingRestart());
                token = ++c.restartToken;
            }
        }
        // Attached clients see the end only now, as moby's do: a remove right after finds the container exited.
        c.output().end();
        if (released != null) endpointEvents("disconnect", released, c); // after the die, as moby tells them
        volumeEvents("unmount", c); // then the volumes let go, as moby 20.10's cleanup tells it
        waiters.complete(s);
        if (again) {
            try {
                Thread.sleep(Math.min(100L << Math.min(c.record().restartCount(), 10), 60_000));
                if (!awaitsRestart(c, token)) return; // stopped, started or removed meanwhile
                start(c, token); // a start, as moby's monitor makes it: the `restart` event tells a user's restart
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot restart " + c.name(), e);
                synchronized (c) {
                    // Left exited, not restarting for ever (a start that fails says why in the state itself).
                    if (awaitsRestart(c, token)) {
                        persist(c, c.record().state().exitedBetweenRuns());
                        endWaits(c, c.record().state());
                    }
                }
            }
        } else if (c.record().config().hostConfig().removeOnExit()) {
            autoRemoved.put(c.id(), c.record());
            remove(c, true, true);
        }
    }

    /** Containers `--rm` removed lately, the newest last (a bounded few). */
    private final Map<String, ContainerRecord> autoRemoved = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ContainerRecord> eldest) { return size() > 64; }
    });

    /**
     * The last record of a container `--rm` removed lately, by id or id prefix (a name may be a new container's: 404,
     * as moby); null for none. A wait that comes
     * after the removal gets its exit status: docker-py's `run(auto_remove=True, detach=True).wait()` asks once the run
     * is under way, and a short run ends and is removed here before that (dockerd's slower removal leaves it time).
     */
    public ContainerRecord autoRemoved(String id) {
        List<ContainerRecord> newestFirst;
        synchronized (autoRemoved) {
            newestFirst = new ArrayList<>(autoRemoved.values()).reversed();
        }
        for (ContainerRecord r : newestFirst)
            if (r.id().equals(id) || (id.matches("[0-9a-f]{4,}") && r.id().startsWith(id))) return r;
        return null;
    }

    private boolean restarts(ContainerRecord r, int status) {
        if (shuttingDown || r.state().stopRequested()) return false;
        CreateRequest.RestartPolicy p = r.config().hostConfig().restartPolicy();
        return switch (p.name()) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> status != 0 && (p.maximumRetryCount() == 0 || r.restartCount() < p.maximumRetryCount());
            default -> false;
        };
    }

    /** `stop`: the stop signal, then SIGKILL after {@code timeout} seconds; false (304) when it was not running. */
    public boolean stop(Container c, String signal, Integer timeout) {
        Kernel k;
        CompletableFuture<ContainerState> exited;
        synchronized (c) {
            if (c.record().state().restarting()) {
                persist(c, c.record().state().restartCancelled());
                endWaits(c, c.record().state());
                return true;
            }
            if (!c.running() || c.kernel == null) return false;
            if (!shuttingDown) persist(c, c.record().state().stopping()); // the engine's stop is no user's (restartsWithEngine)
            k = c.kernel;
            exited = c.nextExit;
        }
        String sig = signal != null && !signal.isEmpty() ? signal
                : c.record().config().stopSignal() != null ? c.record().config().stopSignal() : "SIGTERM";
        int grace = timeout != null ? timeout
                : c.record().config().stopTimeout() != null ? c.record().config().stopTimeout() : DEFAULT_STOP_TIMEOUT;
        int number = Signals.parse(sig);
        killed(c, number);
        k.stop(number, Duration.ofSeconds(Math.max(0, grace)), () -> killed(c, Flags.SIGKILL));
        exited.join();
        events.publish("container", "stop", c.id(), attributes(c));
        return true;
    }

    /** `kill`: a signal to the container's first process (SIGKILL to all of them); 409 when it is not running. A
     * SIGKILL is answered once the container has stopped, as moby's (up to 10 s): a client's next call finds it
     * exited (a remove without force, an inspect). */
    public void kill(Container c, String signal) {
        int sig = Signals.parse(signal == null || signal.isEmpty() ? "SIGKILL" : signal);
        Kernel k;
        CompletableFuture<ContainerState> exited;
        synchronized (c) {
            k = c.kernel;
            exited = c.nextExit;
            if (c.record().state().restarting()) { // as moby's: the loop ends
                persist(c, c.record().state().restartCancelled());
                endWaits(c, c.record().state());
                return;
            }
            if (!c.running() || k == null) throw c.notRunning();
            if (sig == Flags.SIGKILL || sig == Flags.SIGTERM) persist(c, c.record().state().stopping());
        }
        killed(c, sig);
        k.kill(sig);
        if (sig != Flags.SIGKILL) return;
        try {
            exited.get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // answered anyway, as moby does after its wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** `restart` done (stopped if it ran, started): moby's restart event. */
    public void restarted(Container c) { events.publish("container", "restart", c.id(), attributes(c)); }

    /** A client attached to the container's streams: moby's attach event. */
    public void attached(Container c) { events.publish("container", "attach", c.id(), attributes(c)); }

    /** moby's kill event: the signal sent, by number. */
    private void killed(Container c, int signal) {
        Map<String, String> attrs = new java.util.HashMap<>(attributes(c));
        attrs.put("signal", Integer.toString(signal));
        events.publish("container", "kill", c.id(), attrs);
    }

    /** Waits for the end of the current or next run. */
    public CompletableFuture<ContainerState> nextExit(Container c) {
        synchronized (c) {
            return c.nextExit;
        }
    }

    /**
     * Its state now when it is not running, else at the end of this run, or when between two
     * runs of its restart policy (which moby counts as running), at the end of the next one or
     * when the restart is called off: decided under the lock its run's end takes, or a run that
     * ends meanwhile would be waited past.
     */
    public CompletableFuture<ContainerState> notRunning(Container c) {
        synchronized (c) {
            return c.running() || c.record().state().restarting() ? c.nextExit : CompletableFuture.completedFuture(c.record().state());
        }
    }

    public CompletableFuture<ContainerState> removed(Container c) { return c.removed; }

    public void rename(Container c, String newName) {
        String name = Names.checked(newName);
        synchronized (this) {
            if (name.equals(c.name()))
                throw ApiException.badRequest("Renaming a container with the same name as its current name"); // moby: invalid parameter
            String holder = holderOf(name);
            if (holder != null && !holder.equals(c.id()))
                throw ApiException.conflict("Conflict. The container name \"/" + name + "\" is already in use by container \"" + holder + "\"");
            synchronized (c) {
                String old = c.name();
                persist(c.record().withName(name), c);
                Map<String, String> attrs = new java.util.HashMap<>(attributes(c));
                attrs.put("oldName", "/" + old);
                events.publish("container", "rename", c.id(), attrs);
            }
        }
    }

    /**
     * `docker update`: new limits (shown at once in a running container's /sys/fs/cgroup, as
     * at its start) and restart policy, refused with dockerd's messages; an `update` event.
     */
    public void update(Container c, UpdateRequest u) {
        synchronized (c) {
            ContainerRecord r = c.record();
            CreateRequest.HostConfig old = r.config().hostConfig();
            if (r.state().status().equals(ContainerState.REMOVING))
                throw ApiException.conflict("Cannot update container " + c.id() + ": container is marked for removal and cannot be \"updated\"");
            if (u.restartPolicyGiven() && old.removeOnExit() && !u.restartPolicy().name().equals("no"))
                throw ApiException.badRequest("Cannot update container " + c.id()
                        + ": Restart policy cannot be updated because AutoRemove is enabled for the container");
            Long swap = old.memorySwap();
            if (u.memory() != null && u.memory() > 0 && (u.memorySwap() == null || u.memorySwap() == 0)
                    && swap != null && swap > 0 && u.memory() > swap)
                throw ApiException.badRequest("Cannot update container " + c.id()
                        + ": Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
            CreateRequest.HostConfig updated = old.updated(u);
            ContainerConfig.Limits limits;
            try {
                limits = updated.limits();
                updated.restartPolicy().check();
            } catch (ContainerSpecException e) {
                throw ApiException.badRequest("Cannot update container " + c.id() + ": " + e.getMessage());
            }
            persist(r.withConfig(r.config().with(updated)), c);
            Kernel k = c.kernel;
            if (k != null) k.limits(limits);
            events.publish("container", "update", c.id(), attributes(c));
        }
    }

    /** Removes a container; a running one only with {@code force} (killed first), else 409. */
    public void remove(Container c, boolean force) {
        remove(c, force, false);
    }

    /** Removes {@code c}; with {@code anonymousVolumes} (`rm -v`, `--rm`, a build's) its anonymous volumes too, unless another uses one. */
    public void remove(Container c, boolean force, boolean anonymousVolumes) {
        synchronized (c) {
            if (c.running()) {
                if (!force)
                    throw ApiException.conflict("cannot remove container \"/" + c.name()
                            + "\": container is running: stop the container before removing or force remove");
            }
            if (c.record().state().restarting() && !force)
                throw ApiException.conflict("cannot remove container \"/" + c.name()
                        + "\": container is restarting: stop the container before removing or force remove");
            if (c.record().state().status().equals(ContainerState.REMOVING)) return;
        }
        if (c.running()) {
            Kernel k = c.kernel;
            CompletableFuture<ContainerState> exited = nextExit(c);
            synchronized (c) {
                persist(c, c.record().state().stopping());
            }
            killed(c, Flags.SIGKILL); // moby's kill event before the die, as a forced remove sends it
            if (k != null) k.kill(Flags.SIGKILL);
            exited.join();
        }
        ContainerState last;
        synchronized (c) {
            if (c.record().state().status().equals(ContainerState.REMOVING)) return;
            last = c.record().state();
            persist(c, new ContainerState(ContainerState.REMOVING, last.exitCode(), last.error(), last.startedAt(),
                    last.finishedAt(), true, last.oomKilled()));
            if (last.restarting()) endWaits(c, last);
        }
        c.output().close();
        byId.remove(c.id());
        fabric.remove(c.id());
        discards.discard(c.dir());
        events.publish("container", "destroy", c.id(), attributes(c));
        if (anonymousVolumes)
            for (String v : AnonymousVolumes.among(volumes, c.record().config().hostConfig().binds()))
                if (byId.values().stream().noneMatch(o -> o.record().config().hostConfig().binds().stream().anyMatch(b -> b.startsWith(v + ":"))))
                    AnonymousVolumes.remove(volumes, v);
        c.removed.complete(last);
    }

    /** Stops every running container (the engine is stopping): stop signal, then SIGKILL after their grace. */
    public void stopAll() {
        shuttingDown = true;
        List<Thread> stoppers = new ArrayList<>();
        for (Container c : byId.values())
            if (c.running()) stoppers.add(Thread.ofVirtual().start(() -> stop(c, null, null)));
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * What `ps` shows as a container's image, as moby's list: the name it was made from
     * while that name still leads to its image, else the image's id.
     */
    public String shownImage(ContainerRecord r) {
        try {
            StoredImage i = images.store().find(r.image());
            if (i != null && i.id().toString().equals(r.imageId())) return r.image();
        } catch (IOException | RuntimeException unreadable) {
            // the id then, which names the image whatever became of the name
        }
        return r.imageId();
    }

    /**
     * The ids of the image {@code name} names and of the local images made from it (built FROM it, committed from a
     * container of it): those whose layers begin with all of its own, as moby's `ancestor` filter takes an image's
     * descendants. Empty when it names none.
     */
    public java.util.Set<String> imageAndDescendants(String name) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        try {
            StoredImage base = images.store().find(name);
            if (base == null) return ids;
            ids.add(base.id().toString());
            var layers = base.config().diffIds();
            if (layers.isEmpty()) return ids;
            for (StoredImage i : images.list()) {
                var theirs = i.config().diffIds();
                if (theirs.size() >= layers.size() && theirs.subList(0, layers.size()).equals(layers)) ids.add(i.id().toString());
            }
        } catch (IOException | RuntimeException unreadable) {
            // as an image named by nothing
        }
        return ids;
    }

    /** The containers (running or not) made from the image with this id. */
    public List<Container> using(String imageId) {
        return byId.values().stream().filter(c -> c.record().imageId().equals(imageId)).toList();
    }

    public static Map<String, String> attributes(Container c) {
        Map<String, String> a = new java.util.HashMap<>(c.record().config().labels());
        a.put("name", c.name());
        a.put("image", c.record().image());
        return a;
    }

    private void persist(Container c, ContainerState s) {
        persist(c.record().withState(s), c);
    }

    private void persist(ContainerRecord r, Container c) {
        try {
            ContainerFile.write(c.dir(), r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state of container " + r.id(), e);
        }
        c.record(r);
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    static String now() { return Instant.now().toString(); }
}
