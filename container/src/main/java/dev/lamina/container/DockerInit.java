package dev.lamina.container;

import dev.lamina.kernel.ContainerConfig.Volume;
import dev.lamina.kernel.RuntimeFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `--init` (the API's HostConfig.Init): docker-init as the container's pid 1, where Docker
 * binds its own, running the command as its child. A namespace's init takes no signal it
 * leaves at the default, so `sleep` as pid 1 outlives `docker stop`'s SIGTERM; docker-init
 * passes every signal on to its child and reaps orphans. Lamina's is its installation's
 * (lkl-linux/docker-init), bound read-only.
 */
public final class DockerInit {
    /** Where Docker binds it. */
    public static final String PATH = "/sbin/docker-init";

    private DockerInit() {}

    /** The spec with docker-init around its command. */
    public static ContainerSpec around(ContainerSpec spec, RuntimeFiles files) {
        Path program = files.dockerInit();
        if (program == null)
            throw new ContainerSpecException("--init is not available for " + files.arch().ociName() + " containers yet");
        List<String> command = new ArrayList<>(List.of(PATH, "--"));
        command.addAll(spec.command());
        List<Volume> volumes = new ArrayList<>(spec.volumes());
        volumes.add(new Volume(program, PATH, true));
        return new ContainerSpec(command, spec.env(), spec.workdir(), spec.user(), spec.hostname(), volumes, spec.terminal(),
                spec.compat());
    }
}
