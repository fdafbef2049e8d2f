package dev.lamina.engine.api;

import dev.lamina.engine.containers.Containers;
import dev.lamina.engine.events.Event;
import dev.lamina.engine.events.Events;
import dev.lamina.engine.http.ApiVersion;
import dev.lamina.engine.http.Exchange;
import dev.lamina.engine.http.Headers;
import dev.lamina.engine.http.Route;
import dev.lamina.engine.images.Images;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** _ping, version, info and the event stream. */
public final class SystemApi {
    private final Containers containers;
    private final Images images;
    private final Events events;
    private final Path dataRoot;
    private final String engineId;
    private final String laminaVersion;

    public SystemApi(Containers containers, Images images, Events events, Path dataRoot, String engineId, String laminaVersion) {
        this.containers = containers;
        this.images = images;
        this.events = events;
        this.dataRoot = dataRoot;
        this.engineId = engineId;
        this.laminaVersion = laminaVersion;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/_ping", this::ping),
                Route.of("HEAD", "/_ping", this::ping),
                Route.of("GET", "/version", this::version),
                Route.of("GET", "/info", this::info),
                Route.of("GET", "/events", this::events),
                Route.of("POST", "/auth", this::auth));
    }

    /** `docker login`: the login checked at the registry; the CLI keeps it and sends it with each pull. */
    private void auth(Exchange ex) {
        dev.lamina.engine.images.Registries.checkLogin(dev.lamina.engine.images.RegistryLogin.fromBody(ex.request().body()));
        ex.json(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
    }

    private void ping(Exchange ex) {
        ex.bytes(200, "text/plain; charset=utf-8", "OK".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                Map.of("Builder-Version", "1", "Swarm", "inactive", "Cache-Control", "no-cache, no-store, must-revalidate",
                        "Pragma", "no-cache"));
    }

    private void version(Exchange ex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Platform", Map.of("Name", "Lamina " + laminaVersion));
        m.put("Components", List.of(Map.of("Name", "Engine", "Version", Headers.ENGINE_VERSION,
                "Details", Map.of("ApiVersion", ApiVersion.MAX.toString(), "MinAPIVersion", ApiVersion.MIN.toString(),
                        "Os", "linux", "Arch", arch(), "KernelVersion", kernelVersion(), "Lamina", laminaVersion))));
        m.put("Version", Headers.ENGINE_VERSION);
        m.put("ApiVersion", ApiVersion.MAX.toString());
        m.put("MinAPIVersion", ApiVersion.MIN.toString());
        m.put("GitCommit", "lamina");
        m.put("GoVersion", "none (Java " + Runtime.version() + ")");
        m.put("Os", "linux");
        m.put("Arch", arch());
        m.put("KernelVersion", kernelVersion());
        m.put("BuildTime", "");
        m.put("Experimental", false);
        ex.json(200, m);
    }

    private void info(Exchange ex) {
        long running = containers.all().stream().filter(c -> c.running()).count();
        long total = containers.all().size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", engineId);
        m.put("Containers", total);
        m.put("ContainersRunning", running);
        m.put("ContainersPaused", 0);
        m.put("ContainersStopped", total - running);
        m.put("Images", images.list().size());
        m.put("Driver", "lamina");
        m.put("DriverStatus", List.of());
        m.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host", "null"), "Log", List.of("json-file")));
        m.put("MemoryLimit", false);
        m.put("SwapLimit", false);
        m.put("CpuCfsPeriod", false);
        m.put("CpuCfsQuota", false);
        m.put("IPv4Forwarding", false);
        m.put("Debug", false);
        m.put("NFd", 0);
        m.put("NGoroutines", Thread.activeCount());
        m.put("SystemTime", Instant.now().toString());
        m.put("LoggingDriver", "json-file");
        m.put("CgroupDriver", "none");
        m.put("CgroupVersion", "2"); // what containers see in /sys/fs/cgroup
        m.put("NEventsListener", 0);
        m.put("KernelVersion", kernelVersion());
        m.put("OperatingSystem", "Lamina " + laminaVersion + " on " + System.getProperty("os.name"));
        m.put("OSVersion", "");
        m.put("OSType", "linux");
        m.put("Architecture", System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
        m.put("NCPU", Runtime.getRuntime().availableProcessors());
        m.put("MemTotal", memTotal());
        m.put("DockerRootDir", dataRoot.toString());
        m.put("Name", hostname());
        m.put("Labels", List.of());
        m.put("ExperimentalBuild", false);
        m.put("ServerVersion", Headers.ENGINE_VERSION);
        m.put("Runtimes", Map.of("lamina", Map.of("path", "lamina")));
        m.put("DefaultRuntime", "lamina");
        m.put("Swarm", Map.of("LocalNodeState", "inactive", "NodeID", "", "NodeAddr", "", "ControlAvailable", false));
        m.put("LiveRestoreEnabled", false);
        m.put("Isolation", "");
        m.put("InitBinary", "");
        m.put("SecurityOptions", List.of("name=landlock"));
        m.put("IndexServerAddress", "https://index.docker.io/v1/");
        m.put("RegistryConfig", registryConfig());
        m.put("HttpProxy", proxy("HTTP_PROXY"));
        m.put("HttpsProxy", proxy("HTTPS_PROXY"));
        m.put("NoProxy", proxy("NO_PROXY"));
        m.put("Warnings", List.of());
        ex.json(200, m);
    }

    /** moby's RegistryConfig: loopback registries are reached over plain HTTP, as moby's default
     * InsecureRegistryCIDRs say, and so are those the engine's environment names. */
    private static Map<String, Object> registryConfig() {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("docker.io", Map.of("Name", "docker.io", "Mirrors", List.of(), "Secure", true, "Official", true));
        for (String host : new java.util.TreeSet<>(dev.lamina.engine.images.Registries.insecure()))
            index.put(host, Map.of("Name", host, "Mirrors", List.of(), "Secure", false, "Official", false));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("InsecureRegistryCIDRs", List.of("::1/128", "127.0.0.0/8"));
        c.put("IndexConfigs", index);
        c.put("Mirrors", List.of());
        return c;
    }

    /** A proxy setting of the engine's environment as moby shows it: any user and password masked. */
    private static String proxy(String name) {
        String v = System.getenv(name);
        if (v == null) v = System.getenv(name.toLowerCase(java.util.Locale.ROOT));
        return v == null ? "" : v.replaceFirst("//[^/@]*@", "//xxxxx:xxxxx@");
    }

    /** Events as they happen (and those kept since `since`), filtered, one JSON object per line, until `until` or the client goes. */
    private void events(Exchange ex) {
        Filters filters = Filters.parse(ex.request().query("filters"));
        // Here "0" is the epoch (every event kept), not "none" as for logs: `docker events --since 0`.
        Instant since = "0".equals(ex.request().query("since")) ? Instant.EPOCH : ContainerApi.time(ex.request().query("since"));
        Instant until = ContainerApi.time(ex.request().query("until"));
        // As moby's: the kept events are replayed when either bound is given (`--until` alone: every kept one up to it).
        long sinceNano = since != null ? since.getEpochSecond() * 1_000_000_000L + since.getNano() : until != null ? 0 : Long.MAX_VALUE;
        CountDownLatch done = new CountDownLatch(1);
        Exchange.Stream out = ex.stream(200, "application/json");
        Consumer<Event> l = e -> {
            if (matches(e, filters)) out.json(e.json());
        };
        List<Event> past = events.subscribe(sinceNano, l);
        try {
            for (Event e : past) if (matches(e, filters) && (until == null || e.timeNano() <= nanos(until))) out.json(e.json());
            ex.onClose(done::countDown);
            if (until == null) done.await();
            else {
                long wait = until.toEpochMilli() - System.currentTimeMillis();
                if (wait > 0) done.await(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.unsubscribe(l);
            out.close();
        }
    }

    private static long nanos(Instant t) { return t.getEpochSecond() * 1_000_000_000L + t.getNano(); }

    /** Actions that carry a detail ("exec_start: sh"), which moby matches by prefix when a filter names one of them. */
    private static final java.util.Set<String> PREFIX_EVENTS = java.util.Set.of("exec_create", "exec_start", "health_status");

    private static boolean matches(Event e, Filters f) {
        boolean byPrefix = f.values().getOrDefault("event", List.of()).stream().anyMatch(PREFIX_EVENTS::contains);
        return f.any("type", v -> v.equals(e.type()))
                && f.any("event", v -> byPrefix ? e.action().startsWith(v) : v.equals(e.action()))
                && f.any("container", v -> e.type().equals("container") && (e.id().startsWith(v) || v.equals(e.attributes().get("name"))))
                && f.any("image", v -> v.equals(e.attributes().get("image")) || (e.type().equals("image") && e.id().equals(v)))
                && f.any("label", v -> Filters.label(e.attributes(), v));
    }

    static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("aarch64") ? "arm64" : a;
    }

    private static String kernelVersion() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (java.io.IOException e) {
            return System.getProperty("os.version");
        }
    }

    private static long memTotal() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo")))
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        } catch (java.io.IOException | NumberFormatException e) {
            // below
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "lamina";
        }
    }
}
