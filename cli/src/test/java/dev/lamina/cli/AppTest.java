package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.app.AppSettings;
import dev.lamina.app.ContainerRow;
import dev.lamina.app.FileEntry;
import dev.lamina.app.FilesPane;
import dev.lamina.app.HostFiles;
import dev.lamina.app.LaminaApp;
import dev.lamina.cli.testing.AlpineEngine;
import dev.lamina.cli.testing.AppLookup;
import dev.lamina.cli.testing.XvfbDisplay;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.ColorScheme;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The desktop app against a real `lamina engine` (and a loopback registry with
 * alpine), in a window on an Xvfb display of the test's own, driven by TestFX as
 * a person would: pull, run, watch the table follow the engine's events, read the
 * logs, type in a shell in its terminal, upload a file into it and download it
 * back, see it follow the OS's light or dark setting, be told why an image in use cannot be
 * removed, stop and remove.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppTest {
    private static final String NAME = "app-test-web";

    private AlpineEngine setup;
    private LaminaApp app;
    private final FxRobot robot = new FxRobot();
    private final AppLookup ui = new AppLookup(robot, () -> app.tabs().getScene().getWindow(), () -> setup.engine().log());

    @BeforeAll
    void start() throws Exception {
        XvfbDisplay.start();
        System.setProperty("testfx.robot", "glass");
        System.setProperty("prism.order", "sw");
        setup = AlpineEngine.start("lamina-app-test");
        FxToolkit.registerPrimaryStage();
        app = (LaminaApp) FxToolkit.setupApplication(() -> new LaminaApp(
                new AppSettings(URI.create(setup.engine().dockerHost()), Optional.empty())));
        ui.waitUntil("the app reaches the engine", () -> ui.text("#engine-state").equals("Running"));
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (setup != null) setup.close();
    }

    @Test
    @Order(1)
    void pullShowsEachLayerAndTheWhole() throws Exception {
        robot.clickOn("#images-tab").clickOn("#pull-image");
        robot.clickOn("#pull-name").write(setup.alpine());
        robot.clickOn("#pull-start");
        ui.waitUntil("the pull ends", () -> ui.text("#pull-status").startsWith("Downloaded newer image for"));
        assertEquals(1.0, ui.<ProgressBar>node("#pull-overall").getProgress());
        var layers = robot.lookup(n -> n instanceof ProgressBar p && p.getId() != null && p.getId().startsWith("layer-"))
                .queryAllAs(ProgressBar.class);
        assertFalse(layers.isEmpty(), "a progress bar per layer");
        for (ProgressBar layer : layers) assertEquals(1.0, layer.getProgress());
        robot.clickOn(ui.dialogButton("Close"));
        ui.waitUntil("the image is listed (image event)", () -> AppLookup.fx(() -> ui.<TableView<?>>node("#images-table").getItems().size() == 1));
    }

    @Test
    @Order(2)
    void aContainerRunFromTheAppAppearsThroughEvents() throws Exception {
        robot.clickOn(setup.alpine()).clickOn("#run-image");
        robot.clickOn("#run-name").write(NAME);
        robot.clickOn("#run-command").write("sh -c 'echo hello from the app; exec sleep 600'");
        robot.clickOn("#run-start");
        robot.clickOn("#containers-tab");
        // The table was listed before the container existed: only the engine's events can bring it in.
        ui.waitUntil("the container is listed as running", () -> AppLookup.fx(() -> row(NAME) != null && row(NAME).running()));
        ui.waitUntil("its memory shows, from the stats stream", () -> AppLookup.fx(() -> row(NAME).memoryProperty().get().endsWith("B")));
    }

    @Test
    @Order(3)
    void itsLogsFollow() throws Exception {
        clickRow(NAME);
        ui.waitUntil("its logs show its output", () -> AppLookup.fx(() -> robot.lookup("#logs").tryQuery()
                .map(logs -> ((TextArea) logs).getText().contains("hello from the app")).orElse(false)));
    }

    @Test
    @Order(4)
    void aShellInItsTerminal() throws Exception {
        robot.clickOn("#terminal-tab");
        ui.waitUntil("the shell opens", () -> ui.text("#terminal-status").startsWith("Shell in"));
        ui.waitUntil("its prompt", () -> terminalText().contains("# "));
        robot.clickOn("#terminal-view").write("echo $((6*7))").type(KeyCode.ENTER);
        ui.waitUntil("the shell's answer", () -> terminalLines().contains("42"));
        // The exec's terminal has the size xterm.js fitted to the view.
        robot.write("stty size").type(KeyCode.ENTER);
        String size = terminalSize();
        ui.waitUntil("stty says the view's size (" + size + ")", () -> terminalLines().contains(size));
        // A narrower window: xterm.js fits the view again, and the exec's terminal follows.
        Stage stage = (Stage) app.tabs().getScene().getWindow();
        double width = AppLookup.fx(stage::getWidth);
        AppLookup.fx(() -> {
            stage.setWidth(width - 300);
            return null;
        });
        ui.waitUntil("xterm.js fits the narrower view", () -> !terminalSize().equals(size));
        String narrower = terminalSize();
        robot.clickOn("#terminal-view").write("stty size").type(KeyCode.ENTER);
        ui.waitUntil("stty says the narrower size (" + narrower + ")", () -> terminalLines().contains(narrower));
        AppLookup.fx(() -> {
            stage.setWidth(width);
            return null;
        });
        // Copy: the selection to the system clipboard; paste: the clipboard to the shell.
        AppLookup.fx(() -> terminal().getEngine().executeScript("laminaTerminal.selectAll()"));
        robot.clickOn("#terminal-copy");
        assertTrue(AppLookup.fx(() -> Clipboard.getSystemClipboard().getString()).contains("echo $((6*7))"));
        AppLookup.fx(() -> Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, "echo $((7*8))")));
        robot.clickOn("#terminal-paste").clickOn("#terminal-view").type(KeyCode.ENTER);
        ui.waitUntil("the pasted command's answer", () -> terminalLines().contains("56"));
        // Ctrl+E is the shell's end of line, not the containers table's Stop.
        robot.write("echo kept").type(KeyCode.HOME).press(KeyCode.CONTROL).type(KeyCode.E).release(KeyCode.CONTROL)
                .write(" alive").type(KeyCode.ENTER);
        ui.waitUntil("the shell's answer", () -> terminalLines().contains("kept alive"));
        assertTrue(AppLookup.fx(() -> row(NAME).running()), "the container runs on");
        // Another container shown: the shell in this one ends, and one opens there.
        assertTrue(processes(NAME).contains("sh"), processes(NAME).toString());
        String other = setup.engine().dockerOk("run", "-d", "--name", "app-test-other", setup.alpine(), "sleep", "600").stdout().strip();
        ui.waitUntil("the other container is listed", () -> AppLookup.fx(() -> row("app-test-other") != null));
        clickRow("app-test-other");
        ui.waitUntil("a shell in the other", () -> ui.text("#terminal-status").startsWith("Shell in " + other.substring(0, 12)));
        ui.waitUntil("the first shell ends", () -> !processes(NAME).contains("sh"));
        setup.engine().dockerOk("rm", "-f", "app-test-other");
        ui.waitUntil("the other container is gone", () -> AppLookup.fx(() -> row("app-test-other") == null));
        clickRow(NAME);
        ui.waitUntil("a shell in the first again", () -> ui.text("#terminal-status").startsWith("Shell in "));
        // A shell that exits says how, and another can be opened.
        ui.waitUntil("its prompt", () -> terminalText().contains("# "));
        robot.clickOn("#terminal-view").write("exit 3").type(KeyCode.ENTER);
        ui.waitUntil("the shell's end", () -> ui.text("#terminal-status").equals("The shell ended (exit code 3)."));
        robot.clickOn("#terminal-reconnect");
        ui.waitUntil("a new shell", () -> ui.text("#terminal-status").startsWith("Shell in "));
    }

    @Test
    @Order(5)
    void lightOrDarkAsTheOsIsSet() throws Exception {
        Scene scene = app.tabs().getScene();
        // The scene's own preference stands in for the OS's setting, which Xvfb does not have.
        AppLookup.fx(() -> {
            scene.getPreferences().setColorScheme(ColorScheme.DARK);
            return null;
        });
        assertTrue(AppLookup.fx(() -> scene.getStylesheets().stream().anyMatch(s -> s.endsWith("/dark.css"))), "the dark stylesheet");
        assertEquals("dark", AppLookup.fx(() -> terminal().getEngine().executeScript("laminaTerminal.scheme()")), "and the terminal's colours");
        AppLookup.fx(() -> {
            scene.getPreferences().setColorScheme(ColorScheme.LIGHT);
            return null;
        });
        assertFalse(AppLookup.fx(() -> scene.getStylesheets().stream().anyMatch(s -> s.endsWith("/dark.css"))));
        assertEquals("light", AppLookup.fx(() -> terminal().getEngine().executeScript("laminaTerminal.scheme()")));
        AppLookup.fx(() -> {
            scene.getPreferences().setColorScheme(null);
            return null;
        });
    }

    @Test
    @Order(6)
    void itsFilesUploadedListedDownloaded() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Path upload = Files.write(setup.dir().resolve("notes.bin"), bytes);
        Path download = setup.dir().resolve("notes-back.bin");
        // The host's side of the choosers (native dialogs, which TestFX cannot drive) answers these.
        FilesPane pane = ui.node("#files-pane");
        AppLookup.fx(() -> {
            pane.setHostFiles(new HostFiles() {
                @Override
                public Path saveAs(Window owner, String name) {
                    return name.equals("notes.bin") ? download : null;
                }

                @Override
                public List<Path> open(Window owner, String title) {
                    return List.of(upload);
                }
            });
            return null;
        });
        robot.clickOn("#files-tab");
        ui.waitUntil("the root is listed", () -> AppLookup.fx(() -> file("etc") != null && file("etc").directory()));
        AppLookup.fx(() -> {
            ui.<TableView<FileEntry>>node("#files-table").scrollTo(file("tmp"));
            return null;
        });
        ui.waitUntil("tmp/ shows", () -> AppLookup.fx(() -> robot.lookup("tmp/").match(NodeQueryUtils.isVisible()).tryQuery().isPresent()));
        robot.doubleClickOn("tmp/");
        ui.waitUntil("/tmp is listed", () -> AppLookup.fx(() -> ui.<TextField>node("#files-path").getText().equals("/tmp"))
                && ui.text("#files-status").endsWith(" in /tmp"));
        robot.clickOn("#files-upload");
        ui.waitUntil("the upload is listed", () -> AppLookup.fx(() -> file("notes.bin") != null));
        assertEquals(bytes.length, (long) AppLookup.fx(() -> file("notes.bin").size()));
        assertEquals("Uploaded notes.bin to /tmp", ui.text("#files-status"));
        assertEquals(bytes.length + " /tmp/notes.bin", setup.engine().dockerOk("exec", NAME, "wc", "-c", "/tmp/notes.bin").stdout().strip(),
                "the container sees it");
        robot.clickOn("notes.bin").clickOn("#files-download");
        ui.waitUntil("the download ends", () -> !ui.text("#files-status").startsWith("Downloading"));
        assertEquals("Downloaded /tmp/notes.bin to " + download, ui.text("#files-status"));
        assertArrayEquals(bytes, Files.readAllBytes(download));
    }

    @Test
    @Order(7)
    void removingAnImageInUseSaysWhy() throws Exception {
        robot.clickOn("#images-tab").clickOn(setup.alpine()).clickOn("#remove-image");
        robot.clickOn(ui.dialogButton("Remove"));
        ui.waitUntil("an error dialog", () -> robot.lookup("#failure-message").tryQuery().isPresent());
        String message = ui.text("#failure-message");
        // The engine's own words, then what to do.
        assertTrue(message.startsWith("conflict: unable to remove repository reference \"" + setup.alpine() + "\"")
                && message.contains("is using its referenced image") && message.endsWith("then try again."), message);
        robot.clickOn(ui.dialogButton("OK"));
        assertEquals(1, (int) AppLookup.fx(() -> ui.<TableView<?>>node("#images-table").getItems().size()), "the image stays");
    }

    @Test
    @Order(8)
    void stopThenRemove() throws Exception {
        // Its row, not any node with its name: a dialog just closed may still hold one, with no scene.
        robot.clickOn("#containers-tab");
        clickRow(NAME);
        robot.clickOn("#stop-containers");
        ui.waitUntil("the container is stopped", () -> AppLookup.fx(() -> !row(NAME).running()));
        // Its pid 1 (sleep) does not take SIGTERM at its default action, as a namespace's init: SIGKILL after the grace.
        assertEquals("exited (137)", AppLookup.fx(() -> row(NAME).statusProperty().get()), "SIGKILL, and its exit code");
        assertEquals("", AppLookup.fx(() -> row(NAME).memoryProperty().get()), "no stats once stopped");
        clickRow(NAME);
        robot.clickOn("#remove-containers");
        robot.clickOn(ui.dialogButton("Remove"));
        ui.waitUntil("the container is gone from the table", () -> AppLookup.fx(() -> row(NAME) == null));
        assertEquals("", setup.engine().dockerOk("ps", "-aq").stdout().strip(), "and from the engine");
    }

    /**
     * Clicks container {@code name}'s row until it is the one selected: its cell, not
     * any node with that text (the Run dialog, closing, may still hold a field with
     * it), looked up again when the table drew its rows anew meanwhile.
     */
    private void clickRow(String name) throws Exception {
        ui.waitUntil(name + "'s row is selected", () -> {
            TableView<ContainerRow> table = ui.node("#containers-table");
            if (AppLookup.fx(() -> table.getSelectionModel().getSelectedItems().stream().map(r -> r.nameProperty().get()).toList())
                    .equals(List.of(name)))
                return true;
            Optional<Node> cell = AppLookup.fx(() -> robot.from(table).lookup(name).match(NodeQueryUtils.isVisible()).tryQuery());
            try {
                cell.ifPresent(robot::clickOn);
            } catch (RuntimeException redrawn) {
                // The cell left the table as it was clicked: the next round looks it up again.
            }
            return false;
        });
    }

    /** The names of the processes in {@code container}, as ps shows them. */
    private List<String> processes(String container) {
        return setup.engine().dockerOk("exec", container, "ps", "-o", "comm").stdout().lines().skip(1).map(String::strip).toList();
    }

    private FileEntry file(String name) {
        TableView<FileEntry> table = ui.node("#files-table");
        return table.getItems().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    private WebView terminal() {
        return ui.node("#terminal-view");
    }

    /** "ROWS COLUMNS", as stty size writes it. */
    private String terminalSize() throws Exception {
        return AppLookup.fx(() -> (String) terminal().getEngine().executeScript("laminaTerminal.size()"));
    }

    private String terminalText() throws Exception {
        return AppLookup.fx(() -> (String) terminal().getEngine().executeScript("laminaTerminal.text()"));
    }

    /** The terminal's lines, each without its trailing blanks. */
    private List<String> terminalLines() throws Exception {
        return terminalText().lines().map(String::stripTrailing).toList();
    }

    private ContainerRow row(String name) {
        TableView<ContainerRow> table = ui.node("#containers-table");
        return table.getItems().stream().filter(r -> r.nameProperty().get().equals(name)).findFirst().orElse(null);
    }

}
