package dev.lamina.cli.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lamina run by an ordinary host user (nobody, uid 65534) through setpriv,
 * from a world-readable copy of the installation (the checkout may sit in
 * root's home) and with a data root of its own, both under {@code work}. */
public final class Nobody {
    public static final String USER = "65534";

    private final Path work;
    private final Path home;

    private Nobody(Path work, Path home) {
        this.work = work;
        this.home = home;
    }

    public static Nobody install(Path work) throws IOException {
        Path home = work.resolve("lamina");
        Command.ok("cp", "-a", Repo.root().resolve("cli/target/lamina").toString(), home.toString());
        Command.ok("chmod", "-R", "a+rX", home.toString());
        Files.createDirectories(work.resolve("data"));
        Command.ok("chown", "-R", USER + ":" + USER, work.resolve("data").toString());
        Command.ok("chmod", "755", work.toString());
        return new Nobody(work, home);
    }

    /** argv run as nobody. */
    public static List<String> as(List<String> argv) {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups"));
        all.addAll(argv);
        return all;
    }

    public Command.Result lamina(List<String> args) { return lamina(args, Map.of()); }

    public Command.Result lamina(List<String> args, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("LAMINA_DATA_ROOT", dataRoot().toString());
        return Command.run(command(args), all, work, 120);
    }

    /** The argv of `lamina ARGS` as nobody (its data root: LAMINA_DATA_ROOT={@link #dataRoot}). */
    public List<String> command(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dlamina.home=" + home, "-cp", home.resolve("lib") + "/*",
                "dev.lamina.cli.Main"));
        argv.addAll(args);
        return as(argv);
    }

    /** Nobody's data root. */
    public Path dataRoot() { return work.resolve("data"); }
}
