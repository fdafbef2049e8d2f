package dev.lamina.engine.networks;

import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine's networks: the built-in bridge (172.17.0.0/16), host and none, and
 * user networks, each kept in engine/networks/ID.json (written aside and renamed).
 * Subnets are picked as Docker's default pools give them: 172.18.0.0/16 up to
 * 172.31.0.0/16, then 192.168.0.0/20 and on by /20; a subnet asked for may overlap
 * no other network's. Which containers are on a network is the containers' business
 * (their records); this class knows the networks.
 */
public final class Networks {
    static final List<String> BUILT_IN = List.of("bridge", "host", "none");
    public static final String BRIDGE_SUBNET = "172.17.0.0/16";
    /** The host as containers on the default bridge see it (docker0's address on dockerd's host). */
    public static final String BRIDGE_GATEWAY = "172.17.0.1";

    private final Path dir;
    private final Map<String, NetworkRecord> byId = new LinkedHashMap<>();

    public Networks(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                NetworkRecord n = Json.MAPPER.readValue(f.toFile(), NetworkRecord.class);
                byId.put(n.id(), n);
            }
        }
        for (String name : BUILT_IN) {
            if (byName(name) != null) continue;
            boolean bridge = name.equals("bridge");
            save(new NetworkRecord(newId(), name, name.equals("none") ? "null" : name, Instant.now().toString(),
                    bridge ? BRIDGE_SUBNET : null, bridge ? BRIDGE_GATEWAY : null, Map.of(),
                    bridge ? Map.of("com.docker.network.bridge.default_bridge", "true", "com.docker.network.bridge.name", "docker0")
                            : Map.of(), false, false, false));
        }
    }

    public synchronized List<NetworkRecord> all() { return new ArrayList<>(byId.values()); }

    /** By full id, name, or unique id prefix; null when none. */
    public synchronized NetworkRecord lookup(String idOrName) {
        NetworkRecord n = byId.get(idOrName);
        if (n != null) return n;
        n = byName(idOrName);
        if (n != null) return n;
        if (idOrName.isEmpty() || !idOrName.matches("[0-9a-f]+")) return null;
        List<NetworkRecord> m = byId.values().stream().filter(x -> x.id().startsWith(idOrName)).toList();
        return m.size() == 1 ? m.getFirst() : null;
    }

    /** lookup, or moby's 404. */
    public NetworkRecord find(String idOrName) {
        NetworkRecord n = lookup(idOrName);
        if (n == null) throw ApiException.notFound("network " + idOrName + " not found");
        return n;
    }

    private NetworkRecord byName(String name) {
        for (NetworkRecord n : byId.values()) if (n.name().equals(name)) return n;
        return null;
    }

    /** `POST /networks/create`. */
    public synchronized NetworkRecord create(NetworkCreate req) {
        String name = req.name();
        if (name == null || name.isEmpty()) throw ApiException.badRequest("network name is required");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*"))
            throw ApiException.badRequest("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        if (BUILT_IN.contains(name))
            throw new ApiException(403, "operation is not permitted on predefined " + name + " network ");
        if (byName(name) != null) throw ApiException.conflict("network with name " + name + " already exists");
        String driver = req.driver() == null || req.driver().isEmpty() ? "bridge" : req.driver();
        if (!driver.equals("bridge")) throw ApiException.notFound("plugin \"" + driver + "\" not found");
        if (Boolean.TRUE.equals(req.configOnly()) || Boolean.TRUE.equals(req.ingress()))
            throw ApiException.notImplemented("config-only and ingress networks are not supported: there is no swarm");
        List<NetworkCreate.IpamConfig> configs = req.ipam() == null ? List.of() : req.ipam().config();
        List<NetworkCreate.IpamConfig> v4 = configs.stream().filter(c -> c.subnet() == null || !c.subnet().contains(":")).toList();
        if (v4.size() > 1) throw ApiException.notImplemented("Lamina gives a network one IPv4 subnet");
        Subnet subnet;
        String gateway;
        if (v4.isEmpty() || v4.getFirst().subnet() == null || v4.getFirst().subnet().isEmpty()) {
            subnet = pick();
            gateway = v4.isEmpty() ? null : v4.getFirst().gateway();
            if (gateway != null && !gateway.isEmpty()) throw ApiException.badRequest("a gateway needs the subnet it is on");
            gateway = Subnet.ip(subnet.base() + 1);
        } else {
            subnet = Subnet.parse(v4.getFirst().subnet());
            if (subnet.prefix() > 30) throw ApiException.badRequest("subnet " + subnet + " is too small for containers");
            for (NetworkRecord n : byId.values())
                if (n.addressed() && n.cidr().overlaps(subnet))
                    throw new ApiException(403, "Pool overlaps with other one on this address space");
            String g = v4.getFirst().gateway();
            if (g == null || g.isEmpty()) gateway = Subnet.ip(subnet.base() + 1);
            else {
                Integer ip = Subnet.ipOrNull(g);
                if (ip == null) throw ApiException.badRequest("invalid gateway address " + g);
                if (!subnet.contains(ip) || ip == subnet.base() || ip == subnet.last())
                    throw new ApiException(403, "no matching subnet for gateway " + g);
                gateway = g;
            }
        }
        NetworkRecord n = new NetworkRecord(newId(), name, driver, Instant.now().toString(), subnet.toString(), gateway,
                req.labels(), req.options(), Boolean.TRUE.equals(req.internal()), Boolean.TRUE.equals(req.attachable()),
                Boolean.TRUE.equals(req.enableIPv6()));
        save(n);
        return n;
    }

    /** The first of Docker's default pools that overlaps no network's subnet. */
    private Subnet pick() {
        List<Subnet> pools = new ArrayList<>();
        for (int b = 17; b <= 31; b++) pools.add(new Subnet(172 << 24 | b << 16, 16));
        for (int c = 0; c < 256; c += 16) pools.add(new Subnet(192 << 24 | 168 << 16 | c << 8, 20));
        for (Subnet p : pools)
            if (byId.values().stream().noneMatch(n -> n.addressed() && n.cidr().overlaps(p))) return p;
        throw new ApiException(403, "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    /** Removes a user network (the caller has checked it has no containers). */
    public synchronized void remove(NetworkRecord n) {
        if (n.builtIn()) throw new ApiException(403, n.name() + " is a pre-defined network and cannot be removed");
        byId.remove(n.id());
        try {
            Files.deleteIfExists(dir.resolve(n.id() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove network " + n.name(), e);
        }
    }

    private void save(NetworkRecord n) {
        try {
            Path temp = dir.resolve(n.id() + ".json.new");
            Files.write(temp, Json.bytes(n));
            Files.move(temp, dir.resolve(n.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write network " + n.name(), e);
        }
        byId.put(n.id(), n);
    }

    static String newId() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
