package dev.lamina.engine.containers;

import java.util.List;

/**
 * A container's place on one network, kept in its record: the network's id, the
 * endpoint's, its IPv4 address with the network's prefix length and gateway, and the
 * MAC address Docker would derive from it (all empty on host and none, and while the
 * container does not run: as Docker, it has an address only then), its aliases, the
 * address asked for (`--ip`, IPAMConfig.IPv4Address; empty when none) and its links
 * ("NAME:ALIAS", names of other containers that only this one resolves).
 */
public record NetworkEndpoint(String networkId, String endpointId, String ipAddress, int prefixLen, String gateway,
                              String macAddress, List<String> aliases, String ipamAddress, List<String> links) {
    public NetworkEndpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        links = links == null ? List.of() : List.copyOf(links);
        ipAddress = ipAddress == null ? "" : ipAddress;
        gateway = gateway == null ? "" : gateway;
        macAddress = macAddress == null ? "" : macAddress;
        ipamAddress = ipamAddress == null ? "" : ipamAddress;
    }

    public boolean addressed() { return !ipAddress.isEmpty(); }

    /** This endpoint without its address (the container stopped). */
    NetworkEndpoint released() { return new NetworkEndpoint(networkId, "", "", 0, "", "", aliases, ipamAddress, links); }

    /** What was asked for it, to ask again at the next start. */
    CreateRequest.EndpointSettings settings() {
        return new CreateRequest.EndpointSettings(aliases, ipamAddress.isEmpty() ? null : new CreateRequest.IpamConfig(ipamAddress), links);
    }
}
