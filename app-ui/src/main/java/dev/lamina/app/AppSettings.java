package dev.lamina.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the app is pointed at: the engine's address, and the `lamina` launcher
 * that can start the engine there when it is Lamina's (absent for any other engine).
 */
public record AppSettings(URI dockerHost, Optional<Path> launcher) {
    /** `--host URI` (else DOCKER_HOST, else Docker's default socket) and `--launcher PATH`. */
    public static AppSettings parse(java.util.List<String> args) {
        URI host = null;
        Path launcher = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 < args.size() && a.equals("--host")) host = URI.create(args.get(++i));
            else if (i + 1 < args.size() && a.equals("--launcher")) launcher = Path.of(args.get(++i));
            else throw new IllegalArgumentException("unknown argument '" + a + "' (expected --host URI or --launcher PATH)");
        }
        if (host == null) {
            String env = System.getenv("DOCKER_HOST");
            host = URI.create(env != null && !env.isBlank() ? env : "unix:///var/run/docker.sock");
        }
        return new AppSettings(host, Optional.ofNullable(launcher));
    }

    /** The socket's path when the engine is reached over a unix socket. */
    public Optional<Path> socket() {
        return "unix".equals(dockerHost.getScheme()) ? Optional.of(Path.of(dockerHost.getPath())) : Optional.empty();
    }
}
