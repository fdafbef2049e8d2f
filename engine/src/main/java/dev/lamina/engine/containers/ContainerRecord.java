package dev.lamina.engine.containers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine keeps about a container, in its directory's
 * container.json (written whole and renamed into place at every change):
 * what was asked for, what it became once merged with its image, its state, and its endpoint on each
 * network by the network's name. {@code config}'s Binds and Tmpfs are what the run mounts (HostConfig.Mounts, anonymous
 * volumes and --volumes-from folded in); {@code asked} keeps them as the create gave them, for inspect (null in a
 * record written before it was kept).
 */
public record ContainerRecord(String id, String name, String created, String image, String imageId,
                              CreateRequest config, List<String> command, List<String> env, String workingDir,
                              String user, String hostname, int restartCount, ContainerState state,
                              Map<String, NetworkEndpoint> networks, AskedMounts asked) {
    public ContainerRecord {
        command = List.copyOf(command);
        env = List.copyOf(env);
        networks = networks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    }

    public ContainerRecord withState(ContainerState s) {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, s, networks, asked);
    }

    public ContainerRecord withName(String n) {
        return new ContainerRecord(id, n, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, state, networks, asked);
    }

    public ContainerRecord withConfig(CreateRequest c) {
        return new ContainerRecord(id, name, created, image, imageId, c, command, env, workingDir, user, hostname,
                restartCount, state, networks, asked);
    }

    public ContainerRecord restarted() {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount + 1, state, networks, asked);
    }

    public ContainerRecord withNetworks(Map<String, NetworkEndpoint> n) {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, state, n, asked);
    }

    /** HostConfig's Binds, Tmpfs and Mounts as a create gave them. */
    public record AskedMounts(List<String> binds, Map<String, String> tmpfs, List<CreateRequest.Mount> mounts) {
        static AskedMounts of(CreateRequest.HostConfig h) { return new AskedMounts(h.binds(), h.tmpfs(), h.mounts()); }
    }
}
