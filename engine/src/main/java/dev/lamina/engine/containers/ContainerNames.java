package dev.lamina.engine.containers;

import dev.lamina.engine.networks.NameDirectory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The names the embedded DNS answers, from the containers' records as they are now:
 * on each user network the asker is on (not the default bridge, where Docker resolves
 * no names), every running container there by name, alias and short id.
 */
final class ContainerNames implements NameDirectory {
    private static final String HOST = "host.docker.internal";
    private final Map<String, Container> byId;

    ContainerNames(Map<String, Container> byId) { this.byId = byId; }

    @Override
    public List<Inet4Address> addresses(String asker, String name) {
        Container self = byId.get(asker);
        if (self == null) return List.of();
        List<Inet4Address> out = new ArrayList<>();
        if (name.equals(HOST)) {
            for (NetworkEndpoint e : self.record().networks().values())
                if (e.addressed()) return List.of(ip(e.gateway()));
            return List.of();
        }
        for (Container c : running()) {
            ContainerRecord r = c.record();
            boolean named = r.name().equalsIgnoreCase(name) || r.id().substring(0, 12).equals(name);
            for (NetworkEndpoint theirs : shared(self, r)) {
                boolean here = named || theirs.aliases().stream().anyMatch(name::equalsIgnoreCase);
                Inet4Address ip = ip(theirs.ipAddress());
                if (here && !out.contains(ip)) out.add(ip);
            }
        }
        return out;
    }

    @Override
    public String name(String asker, Inet4Address address) {
        Container self = byId.get(asker);
        if (self == null) return null;
        for (Container c : running())
            for (var e : c.record().networks().entrySet())
                if (shared(self, c.record()).contains(e.getValue()) && ip(e.getValue().ipAddress()).equals(address))
                    return c.name() + "." + e.getKey();
        return null;
    }

    private Collection<Container> running() { return byId.values().stream().filter(Container::running).toList(); }

    /** {@code other}'s endpoints on the user networks {@code self} is on too. */
    private static List<NetworkEndpoint> shared(Container self, ContainerRecord other) {
        List<NetworkEndpoint> out = new ArrayList<>();
        for (var mine : self.record().networks().entrySet()) {
            NetworkEndpoint theirs = other.networks().get(mine.getKey());
            if (mine.getKey().equals("bridge") || theirs == null || !theirs.addressed()) continue;
            if (theirs.networkId().equals(mine.getValue().networkId())) out.add(theirs);
        }
        return out;
    }

    private static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address in a container's record: " + dotted, e);
        }
    }
}
