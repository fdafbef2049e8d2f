package dev.lamina.engine.networks;

import java.util.Map;

/**
 * A network as the engine keeps it (engine/networks/ID.json): Docker's create
 * request as far as it means anything here, its IPv4 subnet and gateway (none
 * for host and none).
 */
public record NetworkRecord(String id, String name, String driver, String created, String subnet, String gateway,
                            Map<String, String> labels, Map<String, String> options, boolean internal,
                            boolean attachable, boolean enableIPv6) {
    public NetworkRecord {
        labels = labels == null ? Map.of() : labels;
        options = options == null ? Map.of() : options;
    }

    /** bridge, host and none: made by the engine, never removed. */
    public boolean builtIn() { return Networks.BUILT_IN.contains(name); }

    /** Whether containers on it get addresses (not host, not none). */
    public boolean addressed() { return subnet != null; }

    public Subnet cidr() { return Subnet.parse(subnet); }
}
