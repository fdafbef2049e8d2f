package dev.lamina.cli;

import dev.lamina.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * `lamina ui`: the desktop app, in a JVM of its own with JavaFX on the module path
 * (JavaFX's supported set-up) and the app, a docker-java client, on the class path.
 * The launcher (bin/lamina) starts that JVM itself; this command does where there is
 * no launcher (the macOS bundle's), from the same lists in lib/ui (packaging/ui-lib.sh).
 * The app reads `lamina ui`'s arguments (-H/--host, --help) itself.
 */
@Command(name = "ui", description = {"Open the desktop app on the engine", "",
    "A window on the engine of the data root (or on any Docker engine, with --host): its containers, images and "
            + "volumes, live. When the engine is not running, the app offers to start it. See lamina ui --help."})
final class UiCommand implements Callable<Integer> {
    @Unmatched
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path lib = Path.of(System.getProperty("lamina.home", ".")).resolve("lib/ui");
        if (!Files.isRegularFile(lib.resolve("classpath")))
            throw new Main.UsageError("the desktop app is not in this installation (no " + lib + "); build it with scripts/build");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path cache = lib.resolve("lamina-ui.aot");
        if (Files.isRegularFile(cache)) command.add("-XX:AOTCache=" + cache);
        command.addAll(lines(lib.resolve("jvm-options")));
        command.addAll(List.of("--module-path", paths(lib, "modules"), "-cp", paths(lib, "classpath"), "dev.lamina.app.Main",
                "--default-host", "unix://" + Engine.socket(DataRoot.path()).toAbsolutePath()));
        command.addAll(arguments);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** A list's lines, but blank ones and comments. */
    private static List<String> lines(Path list) throws IOException {
        return Files.readAllLines(list).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    /** The jars a list in lib/ui names, as a path. */
    private static String paths(Path lib, String list) throws IOException {
        return String.join(java.io.File.pathSeparator, lines(lib.resolve(list)).stream().map(j -> lib.resolve(j).toString()).toList());
    }
}
