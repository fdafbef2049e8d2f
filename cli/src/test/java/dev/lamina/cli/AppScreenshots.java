package dev.lamina.cli;

import dev.lamina.app.AppSettings;
import dev.lamina.app.LaminaApp;
import dev.lamina.cli.testing.AlpineEngine;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.XvfbDisplay;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.ColorScheme;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.web.WebView;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a test: scripts/app-screenshots runs it to take a picture of each of the
 * app's views from its real window on Xvfb (1280x800), into the directory that
 * -Dlamina.screenshots names, for the README; with -Dlamina.screenshots.scale=2, at
 * 200% (JavaFX's GTK scale on a screen twice as large), as app-NAME@2x.png.
 */
@EnabledIfSystemProperty(named = "lamina.screenshots", matches = ".+")
class AppScreenshots {
    private final FxRobot robot = new FxRobot();
    private final Path out = Path.of(System.getProperty("lamina.screenshots", "."));
    private final int scale = Integer.parseInt(System.getProperty("lamina.screenshots.scale", "1"));
    private LaminaApp app;

    @Test
    void everyView() throws Exception {
        // Read by JavaFX's GTK glass as it starts: everything drawn at this many pixels per point.
        System.setProperty("glass.gtk.uiScale", Integer.toString(scale));
        XvfbDisplay.start(1280 * scale, 800 * scale);
        System.setProperty("testfx.robot", "glass");
        System.setProperty("prism.order", "sw");
        Files.createDirectories(out);
        try (AlpineEngine setup = AlpineEngine.start("lamina-app-screenshots")) {
            EngineProcess engine = setup.engine();
            engine.dockerOk("volume", "create", "data");
            engine.dockerOk("volume", "create", "cache");
            FxToolkit.registerPrimaryStage();
            app = (LaminaApp) FxToolkit.setupApplication(() -> new LaminaApp(
                    new AppSettings(URI.create(engine.dockerHost()), Optional.empty())));
            waitUntil(() -> text("#engine-state").equals("Running"));

            robot.clickOn("#images-tab").clickOn("#pull-image");
            robot.clickOn("#pull-name").write(setup.alpine());
            robot.clickOn("#pull-start");
            waitUntil(() -> text("#pull-status").startsWith("Downloaded newer image for"));
            window("pull-dialog", dialogButton("Close").getScene().getWindow());
            robot.clickOn(dialogButton("Close"));
            // Gone before the image's name is clicked: its name field holds that text too.
            waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> Window.getWindows().size() == 1).get(5, TimeUnit.SECONDS));

            engine.dockerOk("run", "-d", "--name", "web", "-p", "127.0.0.1:8080:80", setup.alpine(),
                    "sh", "-c", "echo serving on port 80; i=0; while true; do i=$((i+1)); echo request $i: GET / 200; sleep 1; done");
            engine.dockerOk("run", "-d", "--name", "worker", "-e", "QUEUE=jobs", "-v", "data:/data", setup.alpine(), "sleep", "1000");
            engine.dockerOk("run", "--name", "migrate", "-v", "data:/data", EngineProcess.IMAGE, "sh", "-c",
                    "mkdir -p /data/db /data/uploads && echo migrated 3 tables | tee /data/db/migrations.log && seq 1 5000 > /data/db/rows.csv");
            waitUntil(() -> robot.lookup("#images-table").queryTableView().getItems().size() == 2);

            robot.clickOn(setup.alpine()).clickOn("#run-image");
            robot.clickOn("#run-name").write("shell");
            robot.clickOn("#run-command").write("sh -c 'echo hi; sleep 60'");
            robot.clickOn("#run-ports").write("127.0.0.1:8081:80");
            window("run-dialog", dialogButton("Run").getScene().getWindow());
            robot.clickOn(dialogButton("Cancel"));
            window("images", main());

            robot.clickOn("#containers-tab");
            waitUntil(() -> robot.lookup("#containers-table").queryTableView().getItems().size() == 3);
            robot.clickOn("web");
            waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#logs").queryTextInputControl().getText().contains("request 3"))
                    .get(5, TimeUnit.SECONDS));
            window("containers", main());
            robot.clickOn("Inspect");
            window("container-inspect", main());
            robot.clickOn("#terminal-tab");
            waitUntil(() -> text("#terminal-status").startsWith("Shell in"));
            robot.clickOn("#terminal-view").write("ls --color=always / && cat /etc/os-release | head -2").type(KeyCode.ENTER);
            waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> ((WebView) robot.lookup("#terminal-view").query()).getEngine()
                    .executeScript("laminaTerminal.text()").toString().contains("Alpine")).get(5, TimeUnit.SECONDS));
            window("container-terminal", main());
            robot.clickOn("#files-tab");
            waitUntil(() -> text("#files-status").endsWith(" in /"));
            waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("etc/").match(NodeQueryUtils.isVisible()).tryQuery().isPresent())
                    .get(5, TimeUnit.SECONDS));
            robot.doubleClickOn("etc/");
            waitUntil(() -> text("#files-status").endsWith(" in /etc"));
            window("container-files", main());
            Scene scene = main().getScene();
            WaitForAsyncUtils.asyncFx(() -> scene.getPreferences().setColorScheme(ColorScheme.DARK)).get(5, TimeUnit.SECONDS);
            robot.clickOn("#terminal-tab");
            window("dark", main());
            WaitForAsyncUtils.asyncFx(() -> scene.getPreferences().setColorScheme(null)).get(5, TimeUnit.SECONDS);
            robot.clickOn("Logs");

            robot.clickOn("#volumes-tab");
            waitUntil(() -> robot.lookup("#volumes-table").queryTableView().getItems().size() == 2);
            robot.clickOn("data");
            waitUntil(() -> text("#volume-files-status").endsWith(" in /"));
            waitUntil(() -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("db/").match(NodeQueryUtils.isVisible()).tryQuery().isPresent())
                    .get(5, TimeUnit.SECONDS));
            robot.doubleClickOn("db/");
            waitUntil(() -> text("#volume-files-status").endsWith(" in /db"));
            window("volumes", main());

            robot.clickOn("#images-tab").clickOn(setup.alpine()).clickOn("#remove-image");
            robot.clickOn(dialogButton("Remove"));
            waitUntil(() -> robot.lookup("#failure-message").tryQuery().isPresent());
            window("image-in-use", dialogButton("OK").getScene().getWindow());
            robot.clickOn(dialogButton("OK"));

            robot.clickOn("#engine-tab");
            waitUntil(() -> text("#disk-usage").startsWith("images "));
            window("engine", main());
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    private Window main() {
        return app.tabs().getScene().getWindow();
    }

    private Button dialogButton(String text) {
        return robot.lookup(n -> n instanceof Button b && b.getText().equals(text) && b.getScene().getWindow() != main())
                .queryAs(Button.class);
    }

    /** The window's pixels as the X server shows them, once the last changes are drawn. */
    private void window(String name, Window w) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(500); // let a frame or two reach the screen (no assertion depends on it)
        Rectangle2D bounds = WaitForAsyncUtils.asyncFx(() -> new Rectangle2D(w.getX(), w.getY(), w.getWidth(), w.getHeight()))
                .get(5, TimeUnit.SECONDS);
        // The screen's own pixels (scaleToFit false): at 200%, twice the window's size in points.
        Image shot = WaitForAsyncUtils.asyncFx(() -> new javafx.scene.robot.Robot().getScreenCapture(null, bounds.getMinX(), bounds.getMinY(),
                bounds.getWidth(), bounds.getHeight(), false)).get(5, TimeUnit.SECONDS);
        int width = (int) shot.getWidth(), height = (int) shot.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[width * height];
        shot.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, width);
        png.setRGB(0, 0, width, height, pixels, 0, width);
        ImageIO.write(png, "png", out.resolve("app-" + name + (scale == 1 ? "" : "@" + scale + "x") + ".png").toFile());
    }

    private String text(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> ((Labeled) robot.lookup(query).query()).getText()).get(10, TimeUnit.SECONDS);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
    }
}
