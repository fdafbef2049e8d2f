package dev.lamina.engine.containers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine keeps about a container, in its directory's
 * container.json (written whole and renamed into place at every change):
 * what was asked for, what it became once merged with its image, its state, and its endpoint on each
 * network by the network's name.
 */
public record ContainerRecord(String id, String name, String created, String image, String imageId,
                              CreateRequest config, List<String> command, List<String> env, String workingDir,
                              String user, String hostname, int restartCount, ContainerState state,
                              Map<String, NetworkEndpoint> networks) {
    public ContainerRecord {
        command = List.copyOf(command);
        env = List.copyOf(env);
        networks = networks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    }

    public ContainerRecord withState(ContainerState s) {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, s, networks);
    }

    public ContainerRecord withName(String n) {
        return new ContainerRecord(id, n, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, state, networks);
    }

    public ContainerRecord withConfig(CreateRequest c) {
        return new ContainerRecord(id, name, created, image, imageId, c, command, env, workingDir, user, hostname,
                restartCount, state, networks);
    }

    public ContainerRecord restarted() {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount + 1, state, networks);
    }

    public ContainerRecord withNetworks(Map<String, NetworkEndpoint> n) {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, state, n);
    }
}
