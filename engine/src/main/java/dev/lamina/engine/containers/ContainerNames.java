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
 * no names), every running container there by name, alias and short id, each also
 * followed by the network's name (NAME.NETWORK), and the aliases the asker's own links
 * there give them.
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
            for (var mine : self.record().networks().entrySet()) {
                NetworkEndpoint theirs = sharedOn(mine.getKey(), mine.getValue(), r);
                if (theirs == null) continue;
                // NAME.NETWORK: a name on that network only, as Docker answers it.
                String suffix = "." + mine.getKey();
                boolean qualified = name.length() > suffix.length()
                        && name.regionMatches(true, name.length() - suffix.length(), suffix, 0, suffix.length());
                Inet4Address ip = ip(theirs.ipAddress());
                if ((names(r, theirs, name) || qualified && names(r, theirs, name.substring(0, name.length() - suffix.length()))
                        || linked(mine.getValue(), r, name)) && !out.contains(ip)) out.add(ip);
            }
        }
        return out;
    }

    /** Whether {@code name} is the container's name, short id or one of its aliases on the network of {@code endpoint}. */
    private static boolean names(ContainerRecord r, NetworkEndpoint endpoint, String name) {
        return r.name().equalsIgnoreCase(name) || r.id().substring(0, 12).equals(name)
                || endpoint.aliases().stream().anyMatch(name::equalsIgnoreCase);
    }

    /** Whether the asker's endpoint links {@code name} as an alias of the container {@code r} (compose's `links: [db:alias]`). */
    private static boolean linked(NetworkEndpoint mine, ContainerRecord r, String name) {
        for (String l : mine.links()) {
            int colon = l.indexOf(':');
            String target = l.substring(0, colon), alias = l.substring(colon + 1);
            if (alias.equalsIgnoreCase(name) && (r.name().equals(target) || r.id().startsWith(target))) return true;
        }
        return false;
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
            NetworkEndpoint theirs = sharedOn(mine.getKey(), mine.getValue(), other);
            if (theirs != null) out.add(theirs);
        }
        return out;
    }

    /** {@code other}'s endpoint on the user network {@code network}, where the asker has {@code mine}; null when it has none there. */
    private static NetworkEndpoint sharedOn(String network, NetworkEndpoint mine, ContainerRecord other) {
        NetworkEndpoint theirs = other.networks().get(network);
        if (network.equals("bridge") || theirs == null || !theirs.addressed()) return null;
        return theirs.networkId().equals(mine.networkId()) ? theirs : null;
    }

    private static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address in a container's record: " + dotted, e);
        }
    }
}
