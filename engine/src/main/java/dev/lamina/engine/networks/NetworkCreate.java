package dev.lamina.engine.networks;

import java.util.List;
import java.util.Map;

/** The body of `POST /networks/create`, as far as the engine acts on it. */
public record NetworkCreate(String name, Boolean checkDuplicate, String driver, Boolean internal, Boolean attachable,
                            Boolean ingress, Ipam ipam, Boolean enableIPv6, Map<String, String> options,
                            Map<String, String> labels, Boolean configOnly) {
    /** IPAM: its driver and one config per subnet. */
    public record Ipam(String driver, List<IpamConfig> config, Map<String, String> options) {
        public Ipam {
            config = config == null ? List.of() : config;
        }
    }

    public record IpamConfig(String subnet, String ipRange, String gateway) {}
}
