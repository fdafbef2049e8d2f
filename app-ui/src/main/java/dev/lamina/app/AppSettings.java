package dev.lamina.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the app is pointed at: the engine's address, and the `lamina` launcher
 * that can start the engine there when it is Lamina's (absent for any other engine).
 */
public record AppSettings(URI dockerHost, Optional<Path> launcher) {
    /** `lamina ui --help`: the app parses `lamina ui`'s arguments itself, in the JVM the launcher starts. */
    public static final String USAGE = """
            Usage: lamina ui [-h] [-H=URI]

            Open the desktop app on the engine

            A window on the engine of the data root (or on any Docker engine, with --host): its containers, images and
            volumes, live. When the engine is not running, the app offers to start it.

            Options:
              -H, --host=URI   the engine to show (default: this data root's, unix://DATA_ROOT/run/engine.sock)
              -h, --help       show this help
            """;

    /** `lamina ui --help` or `-h`: the usage is printed, and nothing else is done. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }
    }

    /**
     * `lamina ui`'s arguments: `-H URI`, `--host URI` or `--host=URI` (else the `--default-host` the
     * launcher gives, the data root's engine, else DOCKER_HOST, else Docker's default socket), `-h`
     * or `--help`, and from the launcher `--launcher PATH`, which applies to the default host only
     * (another engine is not Lamina's to start).
     */
    public static AppSettings parse(List<String> args) {
        URI host = null;
        URI defaultHost = null;
        Path launcher = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "-h", "--help" -> throw new HelpRequested();
                case "-H", "--host" -> {
                    host = uri(a, value);
                    i++;
                }
                case "--default-host" -> {
                    defaultHost = uri(a, value);
                    i++;
                }
                case "--launcher" -> {
                    launcher = Path.of(required(a, value));
                    i++;
                }
                default -> {
                    if (a.startsWith("--host=")) host = uri("--host", a.substring("--host=".length()));
                    else if (a.startsWith("-H") && a.length() > 2) host = uri("-H", a.substring(a.startsWith("-H=") ? 3 : 2));
                    else throw new IllegalArgumentException("unknown argument '" + a + "' (see lamina ui --help)");
                }
            }
        }
        if (host != null) return new AppSettings(host, Optional.empty());
        if (defaultHost != null) return new AppSettings(defaultHost, Optional.ofNullable(launcher));
        String env = System.getenv("DOCKER_HOST");
        return new AppSettings(URI.create(env != null && !env.isBlank() ? env : "unix:///var/run/docker.sock"), Optional.empty());
    }

    private static String required(String option, String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("option '" + option + "' needs a value");
        return value;
    }

    private static URI uri(String option, String value) {
        String v = required(option, value);
        try {
            URI u = new URI(v);
            if (u.getScheme() == null) throw new IllegalArgumentException("'" + v + "' for " + option + " is not a URI such as unix:///path/to/docker.sock or tcp://host:2375");
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + v + "' for " + option + " is not a URI: " + e.getReason());
        }
    }

    /** The socket's path when the engine is reached over a unix socket. */
    public Optional<Path> socket() {
        return "unix".equals(dockerHost.getScheme()) ? Optional.of(Path.of(dockerHost.getPath())) : Optional.empty();
    }
}
