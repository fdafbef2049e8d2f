package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.app.AppSettings;
import dev.lamina.app.LaminaApp;
import dev.lamina.cli.testing.Repo;
import dev.lamina.cli.testing.XvfbDisplay;
import dev.lamina.image.store.Trees;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app on a data root where no engine runs: it says so, with empty states that
 * say what to do, and its Start button runs `lamina engine` there, which it then
 * reaches and shows.
 */
class AppStartsEngineTest {
    @Test
    void startsTheEngineItWatches() throws Exception {
        XvfbDisplay.start();
        System.setProperty("testfx.robot", "glass");
        System.setProperty("prism.order", "sw");
        Path dataRoot = Files.createTempDirectory("lamina-app-start");
        URI host = URI.create("unix://" + dataRoot.resolve("run/engine.sock"));
        FxRobot robot = new FxRobot();
        FxToolkit.registerPrimaryStage();
        LaminaApp app = (LaminaApp) FxToolkit.setupApplication(() -> new LaminaApp(new AppSettings(host, Optional.of(Repo.launcher()))));
        Set<Long> before = children();
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#engine-state").equals("Not running"));
            robot.clickOn("#containers-tab");
            assertEquals("The engine is not running. Start it on the Engine tab (Ctrl+1).",
                    WaitForAsyncUtils.asyncFx(() -> ((Labeled) robot.lookup("#containers-table").queryTableView().getPlaceholder()).getText())
                            .get(10, TimeUnit.SECONDS));
            robot.clickOn("#engine-tab").clickOn("#start-engine");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text(robot, "#engine-state").equals("Running"));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#engine-version").contains("API 1."));
            assertTrue(Files.exists(dataRoot.resolve("run/engine.sock")));
        } finally {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            // The engine outlives the app by design: the test stops the one the app started.
            for (ProcessHandle p : ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList()) {
                p.destroy();
                p.onExit().get(60, TimeUnit.SECONDS);
            }
            Trees.delete(dataRoot);
        }
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static String text(FxRobot robot, String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> ((Labeled) robot.lookup(query).query()).getText()).get(10, TimeUnit.SECONDS);
    }
}
