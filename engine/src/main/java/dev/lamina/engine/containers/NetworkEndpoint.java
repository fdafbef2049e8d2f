package dev.lamina.engine.containers;

import java.util.List;

/**
 * A container's place on one network, kept in its record: the network's id, the
 * endpoint's, its IPv4 address (empty on host and none) with the network's prefix
 * length and gateway, the MAC address Docker would derive from it, and its aliases.
 */
public record NetworkEndpoint(String networkId, String endpointId, String ipAddress, int prefixLen, String gateway,
                              String macAddress, List<String> aliases) {
    public NetworkEndpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ipAddress = ipAddress == null ? "" : ipAddress;
        gateway = gateway == null ? "" : gateway;
        macAddress = macAddress == null ? "" : macAddress;
    }

    public boolean addressed() { return !ipAddress.isEmpty(); }
}
