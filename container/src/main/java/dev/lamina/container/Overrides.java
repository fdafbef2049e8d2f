package dev.lamina.container;

import dev.lamina.kernel.ContainerConfig.Volume;
import java.util.List;

/**
 * What the user asks for on top of an image: `docker run`'s flags, or the fields of
 * the engine's container create. A null entrypoint, user or working directory, and
 * an empty cmd, leave the image's; an empty entrypoint (`--entrypoint ""`) resets
 * the image's. Entrypoint and cmd are exec form, one list element an argument: a
 * single string (the CLI's --entrypoint, a JSON string in the API) is one argument,
 * never split on spaces ({@link #argument}). Env entries are KEY=VALUE, or KEY alone
 * to remove the image's KEY (Docker's daemon does the same).
 */
public record Overrides(List<String> entrypoint, List<String> cmd, List<String> env, String user, String workdir,
                        String hostname, List<Volume> volumes, boolean terminal, boolean compat) {
    /** The image's choices unchanged, no volumes, no terminal, strict mode. */
    public static final Overrides NONE = new Overrides(null, List.of(), List.of(), null, null, null, List.of(), false, false);

    /** Checks what can be checked before the image is at hand (a bad choice is refused before any download). */
    public Overrides {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        for (String e : env)
            if (e.isEmpty() || e.startsWith("=")) throw new ContainerSpecException("an environment entry is KEY=VALUE or KEY, got '" + e + "'");
        if (workdir != null && !workdir.isEmpty()) ContainerSpec.checkWorkdir(workdir);
        if (hostname != null) ContainerSpec.checkHostname(hostname);
    }

    /**
     * Docker's string form of an entrypoint or cmd (strslice): the whole string is one
     * argument, not a shell command line; an empty string is no argument at all, which
     * for an entrypoint resets the image's.
     */
    public static List<String> argument(String s) {
        return s.isEmpty() ? List.of() : List.of(s);
    }
}
