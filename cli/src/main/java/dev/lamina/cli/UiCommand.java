package dev.lamina.cli;

import dev.lamina.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `lamina ui`: the desktop app, in a JVM of its own with JavaFX on the module path
 * (JavaFX's supported set-up) and the app, a docker-java client, on the class path.
 * Nothing of JavaFX is loaded by the other commands: its jars are in lib/ui, off their class path.
 */
@Command(name = "ui", description = {"Open the desktop app on the engine", "",
    "A window on the engine of the data root (or on any Docker engine, with --host): its containers, images and "
            + "volumes, live. When the engine is not running, the app offers to start it."})
final class UiCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-H", "--host"}, paramLabel = "URI", description = "the engine to show (default: this data root's, unix://DATA_ROOT/run/engine.sock)")
    private String host;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path lib = Path.of(System.getProperty("lamina.home", ".")).resolve("lib/ui");
        if (!Files.isDirectory(lib))
            throw new Main.UsageError("the desktop app is not in this installation (no " + lib + "); build it with scripts/build");
        List<Path> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The app's own AOT cache (packaging/aot-cache.sh trains it: LAMINA_UI_AOT_OUTPUT names where it
        // goes), made for exactly this command line: it halves the time to the window.
        String training = System.getenv("LAMINA_UI_AOT_OUTPUT");
        Path cache = lib.resolve("lamina-ui.aot");
        if (training != null) command.add("-XX:AOTCacheOutput=" + training);
        else if (Files.isRegularFile(cache)) command.add("-XX:AOTCache=" + cache);
        command.addAll(List.of("--module-path", join(jars.stream().filter(UiCommand::javafx)),
                "--add-modules", "javafx.controls,javafx.web", "--enable-native-access=javafx.graphics,javafx.web",
                "-cp", join(jars.stream().filter(j -> !javafx(j))),
                "dev.lamina.app.Main",
                "--host", host != null ? host : "unix://" + Engine.socket(DataRoot.path()).toAbsolutePath()));
        // The `lamina` script that started this command, which the app runs as `lamina engine` to start the engine.
        String launcher = System.getenv("LAMINA_LAUNCHER");
        if (host == null && launcher != null) command.addAll(List.of("--launcher", launcher));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** JavaFX's jars, jdk.jsobject's among them (JavaFX carries it since 24: the WebView's bridge). */
    private static boolean javafx(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith("javafx-") || name.startsWith("jdk-jsobject");
    }

    private static String join(Stream<Path> jars) {
        return String.join(java.io.File.pathSeparator, jars.map(Path::toString).toList());
    }
}
