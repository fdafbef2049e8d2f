package dev.lamina.container;

import dev.lamina.image.oci.ImageConfig;
import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.ContainerConfig;
import dev.lamina.kernel.ContainerConfig.Volume;
import dev.lamina.kernel.PortPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container runs, merged from its image's config and the user's {@link Overrides}
 * as Docker merges them, before its root exists: the command line, environment, working
 * directory, the user as written (looked up in the root's /etc later, by
 * {@link #config}), host name, volumes, terminal and syscall mode.
 */
public record ContainerSpec(List<String> command, List<String> env, String workdir, String user, String hostname,
                            List<Volume> volumes, boolean terminal, boolean compat) {
    /** Docker's PATH for images that set none. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    public static final int MAX_HOSTNAME = 64;

    public ContainerSpec {
        command = List.copyOf(command);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        if (command.isEmpty()) throw new ContainerSpecException("no command given, and the image has none");
        for (String e : env) if (e.indexOf('=') <= 0) throw new ContainerSpecException("an environment entry is KEY=VALUE, got '" + e + "'");
        checkWorkdir(workdir);
        checkHostname(hostname);
        if (user == null) user = "";
    }

    static void checkWorkdir(String workdir) {
        if (!workdir.startsWith("/")) throw new ContainerSpecException("the working directory '" + workdir + "' is not an absolute path");
    }

    static void checkHostname(String hostname) {
        if (hostname.isEmpty() || hostname.length() > MAX_HOSTNAME)
            throw new ContainerSpecException("a host name has 1 to " + MAX_HOSTNAME + " characters");
    }

    /**
     * Docker's merge. The command is the entrypoint then the cmd: the user's entrypoint
     * replaces the image's and drops the image's cmd (an empty one, or [""], leaves the
     * user's cmd alone); the user's cmd replaces the image's. The environment (what inspect
     * shows as Config.Env) is the user's, then the image's entries of other keys (KEY alone
     * removes the image's), then Docker's PATH where there is none; HOSTNAME, TERM and HOME
     * are the process's ({@link #processEnv}). The
     * user's user and working directory replace the image's (empty counts as unset);
     * without either, root and /. {@code image} is null for a root file system run in
     * place (--rootfs): then only the user's choices count. {@code defaultHostname}
     * serves when the user names none (Docker's: the container id's first 12 characters).
     */
    public static ContainerSpec merge(ImageConfig image, Overrides o, String defaultHostname) {
        List<String> command = new ArrayList<>();
        // [""] is `--entrypoint ""`: none at all, the image's cmd dropped as for any entrypoint of the user's.
        if (o.entrypoint() != null) {
            if (!o.entrypoint().equals(List.of(""))) command.addAll(o.entrypoint());
        } else if (image != null) command.addAll(image.entrypoint());
        if (!o.cmd().isEmpty()) command.addAll(o.cmd());
        else if (o.entrypoint() == null && image != null) command.addAll(image.cmd());

        String hostname = o.hostname() != null ? o.hostname() : defaultHostname;
        List<String> env = new ArrayList<>();
        o.env().forEach(e -> put(env, e));
        java.util.Set<String> users = new java.util.HashSet<>();
        o.env().forEach(e -> users.add(key(e)));
        // No PATH is added here: the process gets the default one (processEnv), the configuration inspect shows
        // none, as moby's Config.Env for an image that sets none
        if (image != null) for (String e : image.env()) if (!users.contains(key(e))) put(env, e);

        String workdir = nonEmpty(o.workdir()) ? o.workdir() : image != null && nonEmpty(image.workingDir()) ? image.workingDir() : "/";
        String user = nonEmpty(o.user()) ? o.user() : image != null ? image.user() : "";
        return new ContainerSpec(command, env, workdir, user, hostname, o.volumes(), o.terminal(), o.compat());
    }

    /**
     * The kernel's configuration for this spec in a root that now exists: the user is
     * looked up in its /etc/passwd and /etc/group ({@link ContainerUser}).
     */
    public ContainerConfig config(Path rootfs, Path stateDir, Confinement confinement) {
        return config(rootfs, stateDir, confinement, PortPlan.HOST_NETWORK, true);
    }

    /** {@link #config(Path, Path, Confinement)} with a port plan (a port space of the container's own);
     * {@code fromImage}: the root was made by {@link ContainerRoot#share} (false: a root of the user's own). */
    public ContainerConfig config(Path rootfs, Path stateDir, Confinement confinement, PortPlan ports, boolean fromImage) {
        ContainerUser who = ContainerUser.resolve(user, rootfs);
        List<String> processEnv = processEnv(env, terminal, hostname, () -> ContainerUser.home(who.uid(), file -> ContainerUser.etcLines(rootfs, file)));
        return new ContainerConfig(rootfs, stateDir, command, processEnv, hostname, workdir, who.uid(), who.gid(),
                compat, terminal, Volumes.placed(rootfs, volumes), confinement, ports, fromImage ? ContainerRoot.sharedInodes(rootfs) : null)
                .withUserGroups(!who.groupGiven());
    }

    /**
     * A process's environment from its container's, as Docker's daemon and runc make it:
     * PATH, HOSTNAME and with a terminal TERM=xterm, each replaced in place by the
     * container's entry of its key, then the container's others; then HOME unless set, the
     * home of the process's user in the image's /etc/passwd ({@code home}), as runc adds it
     * (not in the configuration inspect shows).
     */
    public static List<String> processEnv(List<String> env, boolean terminal, String hostname, java.util.function.Supplier<String> home) {
        List<String> out = new ArrayList<>(List.of(DEFAULT_PATH, "HOSTNAME=" + hostname));
        if (terminal) out.add("TERM=xterm");
        for (String e : env) {
            int at = -1;
            for (int i = 0; i < out.size() && at < 0; i++) if (key(out.get(i)).equals(key(e))) at = i;
            if (at >= 0) out.set(at, e);
            else out.add(e);
        }
        if (out.stream().noneMatch(e -> e.startsWith("HOME="))) out.add("HOME=" + home.get());
        return out;
    }

    private static String key(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    /** Sets KEY=VALUE in place of any KEY=...; KEY alone removes it. */
    private static void put(List<String> env, String kv) {
        int eq = kv.indexOf('=');
        String prefix = (eq < 0 ? kv : kv.substring(0, eq)) + "=";
        env.removeIf(e -> e.startsWith(prefix));
        if (eq >= 0) env.add(kv);
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
