package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.XvfbDisplay;
import dev.lamina.image.store.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `lamina ui` as a user starts it: the launcher (bin/lamina) runs the app's JVM with no JVM
 * of the commands before it, and the app reads `lamina ui`'s arguments. Its window's title
 * names the engine it shows: by default the data root's, found by the launcher.
 */
class UiLauncherTest {
    @Test
    void helpAndMistakesAsEveryCommandGivesThem() {
        Command.Result help = Command.run(Repo.launcher().toString(), "ui", "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stdout().startsWith("Usage: lamina ui [-h] [-H=URI]\n"), help.toString());
        Command.Result wrong = Command.run(Repo.launcher().toString(), "ui", "--hots", "tcp://127.0.0.1:2375");
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertEquals("lamina ui: unknown argument '--hots' (see lamina ui --help)\n", wrong.stderr());
        Command.Result notUri = Command.run(Repo.launcher().toString(), "ui", "-H", "docker.sock");
        assertEquals(2, notUri.exitCode(), notUri.toString());
        assertTrue(notUri.stderr().startsWith("lamina ui: 'docker.sock' for -H is not a URI"), notUri.toString());
    }

    @Test
    void opensOnTheDataRootsEngineOrTheOneNamed() throws Exception {
        XvfbDisplay.start();
        Path dataRoot = Files.createTempDirectory("lamina-ui-launcher");
        try {
            assertEquals("Lamina — unix://" + dataRoot.resolve("run/engine.sock"), windowOf(dataRoot));
            assertEquals("Lamina — tcp://127.0.0.1:1", windowOf(dataRoot, "--host=tcp://127.0.0.1:1"));
        } finally {
            Trees.delete(dataRoot);
        }
    }

    /**
     * With no data root named, the one every other command uses: under the home Java knows (the
     * password entry's), which a HOME set elsewhere (sudo keeps the caller's, say) does not move.
     */
    @Test
    void theDefaultDataRootIsTheOtherCommands() throws Exception {
        XvfbDisplay.start();
        Path scratch = Files.createTempDirectory("lamina-ui-home");
        try {
            String expected = "Lamina — unix://" + Path.of(System.getProperty("user.home"), ".local/share/lamina/run/engine.sock");
            assertEquals(expected, windowOf(scratch, Map.of("HOME", scratch.toString())));
        } finally {
            Trees.delete(scratch);
        }
    }

    /** The title of the window `lamina ui ARGS` opens on {@code dataRoot} (no engine runs there). */
    private static String windowOf(Path dataRoot, String... args) throws Exception {
        return windowOf(dataRoot, Map.of("LAMINA_DATA_ROOT", dataRoot.toString()), args);
    }

    /** The same in {@code env} (no LAMINA_DATA_ROOT or XDG_DATA_HOME but what it names); its log in {@code dataRoot}. */
    private static String windowOf(Path dataRoot, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Repo.launcher().toString(), "ui"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dataRoot.resolve("ui.log").toFile());
        pb.environment().keySet().removeAll(List.of("DOCKER_HOST", "LAMINA_DATA_ROOT", "XDG_DATA_HOME"));
        pb.environment().putAll(env);
        pb.environment().put("DISPLAY", XvfbDisplay.name());
        Process ui = pb.start();
        try {
            for (int i = 0; i < 600; i++) {
                String tree = Command.run(List.of("xwininfo", "-root", "-tree"), Map.of("DISPLAY", XvfbDisplay.name()), null, 30).stdout();
                var title = tree.lines().map(l -> l.replaceFirst("^.*?\"(Lamina[^\"]*)\".*$", "$1")).filter(l -> l.startsWith("Lamina")).findFirst();
                if (title.isPresent()) return title.get();
                if (!ui.isAlive()) throw new AssertionError("lamina ui ended, exit " + ui.exitValue() + ": " + Files.readString(dataRoot.resolve("ui.log")));
                Thread.sleep(100);
            }
            throw new AssertionError("no window in 60 s: " + Files.readString(dataRoot.resolve("ui.log")));
        } finally {
            ui.destroy();
            if (!ui.waitFor(30, TimeUnit.SECONDS)) ui.destroyForcibly();
        }
    }
}
