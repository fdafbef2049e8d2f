package dev.lamina.engine.containers;

import java.util.List;

/**
 * Everything the engine keeps about a container, in its directory's
 * container.json (written whole and renamed into place at every change):
 * what was asked for, what it became once merged with its image, its state.
 */
public record ContainerRecord(String id, String name, String created, String image, String imageId,
                              CreateRequest config, List<String> command, List<String> env, String workingDir,
                              String user, String hostname, int restartCount, ContainerState state) {
    public ContainerRecord {
        command = List.copyOf(command);
        env = List.copyOf(env);
    }

    public ContainerRecord withState(ContainerState s) {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, s);
    }

    public ContainerRecord withName(String n) {
        return new ContainerRecord(id, n, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount, state);
    }

    public ContainerRecord restarted() {
        return new ContainerRecord(id, name, created, image, imageId, config, command, env, workingDir, user, hostname,
                restartCount + 1, state);
    }
}
