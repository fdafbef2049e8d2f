package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.app.AppSettings;
import dev.lamina.app.ContainersView;
import dev.lamina.app.FileEntry;
import dev.lamina.app.FilesPane;
import dev.lamina.app.HostFiles;
import dev.lamina.app.ImagesView;
import dev.lamina.app.LaminaApp;
import dev.lamina.app.LayerRow;
import dev.lamina.cli.testing.AlpineRootfs;
import dev.lamina.cli.testing.AppLookup;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.XvfbDisplay;
import dev.lamina.image.store.Trees;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
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
 * The app's published-port links, image import and layers, and a volume's files,
 * against a real `lamina engine` with its built-in image only (no registry), in a
 * window on Xvfb driven by TestFX.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppWorkbenchTest {
    private Path dir;
    private EngineProcess engine;
    private LaminaApp app;
    private final FxRobot robot = new FxRobot();
    private final AppLookup ui = new AppLookup(robot, () -> app.tabs().getScene().getWindow(), () -> engine.log());

    @BeforeAll
    void start() throws Exception {
        XvfbDisplay.start();
        System.setProperty("testfx.robot", "glass");
        System.setProperty("prism.order", "sw");
        dir = Files.createTempDirectory("lamina-app-workbench");
        engine = EngineProcess.start(dir.resolve("data"));
        FxToolkit.registerPrimaryStage();
        app = (LaminaApp) FxToolkit.setupApplication(() -> new LaminaApp(
                new AppSettings(URI.create(engine.dockerHost()), Optional.empty())));
        ui.waitUntil("the app reaches the engine", () -> ui.text("#engine-state").equals("Running"));
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (engine != null) engine.close();
        if (dir != null) Trees.delete(dir);
    }

    @Test
    @Order(1)
    void aPublishedPortOpensInTheBrowser() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> opened = new CopyOnWriteArrayList<>();
        ContainersView view = ui.node("#containers-view");
        AppLookup.fx(() -> {
            view.setLinkOpener(opened::add);
            return null;
        });
        engine.dockerOk("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "-p", "127.0.0.1:" + (port + 1) + ":53/udp",
                EngineProcess.IMAGE, "sleep", "600");
        robot.clickOn("#containers-tab");
        String text = "127.0.0.1:" + port + "->80/tcp";
        ui.waitUntil("the port shows as a link", () -> AppLookup.fx(() -> robot.lookup(n -> n instanceof Hyperlink h && h.getText().equals(text))
                .match(NodeQueryUtils.isVisible()).tryQuery().isPresent()));
        assertFalse(AppLookup.fx(() -> robot.lookup(n -> n instanceof Hyperlink h && h.getText().endsWith("/udp")).tryQuery().isPresent()),
                "a UDP port is no link");
        robot.clickOn(robot.lookup(n -> n instanceof Hyperlink h && h.getText().equals(text)).<Node>query());
        ui.waitUntil("the browser is asked to open it", () -> !opened.isEmpty());
        assertEquals(List.of("http://127.0.0.1:" + port), opened);
    }

    @Test
    @Order(2)
    void aRootFilesystemTarballImportedWithProgress() throws Exception {
        ImagesView view = ui.node("#images-view");
        Path tarball = AlpineRootfs.tarball();
        AppLookup.fx(() -> {
            view.setHostFiles(answering(tarball));
            return null;
        });
        robot.clickOn("#images-tab").clickOn("#import-image");
        robot.clickOn("#import-choose");
        ui.waitUntil("the chosen file shows", () -> AppLookup.fx(() -> robot.lookup("#import-file").queryTextInputControl().getText().equals(tarball.toString())));
        assertEquals("alpine-minirootfs-3.20.3-x86_64", AppLookup.fx(() -> robot.lookup("#import-name").queryTextInputControl().getText()),
                "a name from the file's");
        AppLookup.fx(() -> {
            robot.lookup("#import-name").queryTextInputControl().clear();
            return null;
        });
        robot.clickOn("#import-name").write("imported/alpine:1");
        robot.clickOn("#import-start");
        ui.waitUntil("the import ends", () -> !ui.text("#import-status").startsWith("Sen"));
        assertTrue(ui.text("#import-status").startsWith("Imported imported/alpine:1 ("), ui.text("#import-status"));
        assertEquals(1.0, ui.<ProgressBar>node("#import-progress").getProgress());
        robot.clickOn(ui.dialogButton("Close"));
        ui.waitUntil("the image is listed", () -> AppLookup.fx(() -> ui.<TableView<ImagesView.Row>>node("#images-table").getItems().stream()
                .anyMatch(r -> r.name().equals("imported/alpine:1"))));
        assertEquals("3.20.3", engine.dockerOk("run", "--rm", "imported/alpine:1", "cat", "/etc/alpine-release").stdout().strip(),
                "the engine runs it");
    }

    @Test
    @Order(3)
    void anImagesLayersWithTheirSizesAndCommands() throws Exception {
        robot.clickOn("#images-tab");
        clickCell("#images-table", EngineProcess.IMAGE + ":latest");
        // As docker history lists them: newest first, each with the command that made it.
        List<String> expected = engine.dockerOk("history", "--no-trunc", "--format", "{{.CreatedBy}}", EngineProcess.IMAGE)
                .stdout().lines().toList();
        ui.waitUntil("its layers are listed", () -> AppLookup.fx(() -> layers().stream().map(LayerRow::command).toList().equals(expected)));
        List<Long> sizes = engine.dockerOk("image", "history", "--format", "{{.Size}}", "--human=false", EngineProcess.IMAGE)
                .stdout().lines().map(Long::parseLong).toList();
        assertEquals(sizes, AppLookup.fx(() -> layers().stream().map(LayerRow::size).toList()));
        assertTrue(sizes.stream().anyMatch(s -> s > 0), "a layer with files: " + sizes);
        clickCell("#images-table", "imported/alpine:1");
        ui.waitUntil("the imported image's one layer", () -> AppLookup.fx(() -> layers().size() == 1 && layers().getFirst().size() > 1_000_000));
    }

    @Test
    @Order(4)
    void aVolumesFilesListedAndDownloaded() throws Exception {
        engine.dockerOk("volume", "create", "data");
        engine.dockerOk("run", "--rm", "-v", "data:/data", EngineProcess.IMAGE, "sh", "-c",
                "mkdir /data/sub && echo hello from the volume > /data/sub/greeting && echo top > /data/top.txt");
        Path download = dir.resolve("greeting-back");
        FilesPane pane = ui.node("#volume-files-pane");
        AppLookup.fx(() -> {
            pane.setHostFiles(new HostFiles() {
                @Override
                public Path saveAs(Window owner, String name) {
                    return name.equals("greeting") ? download : null;
                }

                @Override
                public List<Path> open(Window owner, String title) {
                    return List.of();
                }
            });
            return null;
        });
        robot.clickOn("#volumes-tab");
        clickCell("#volumes-table", "data");
        ui.waitUntil("the volume's root is listed", () -> AppLookup.fx(() -> file("sub") != null && file("top.txt") != null));
        assertTrue(AppLookup.fx(() -> file("sub").directory()));
        // The table's rows are rendered at the next pulse after its items change.
        ui.waitUntil("sub's cell is shown", () -> AppLookup.fx(() -> robot.from(ui.<Node>node("#volume-files-pane")).lookup("sub/").tryQuery().isPresent()));
        robot.doubleClickOn(robot.from(ui.<Node>node("#volume-files-pane")).lookup("sub/").<Node>query());
        ui.waitUntil("sub is listed", () -> AppLookup.fx(() -> file("greeting") != null));
        ui.waitUntil("greeting's cell is shown", () -> AppLookup.fx(() -> robot.from(ui.<Node>node("#volume-files-pane")).lookup("greeting").tryQuery().isPresent()));
        robot.clickOn(robot.from(ui.<Node>node("#volume-files-pane")).lookup("greeting").<Node>query()).clickOn("#volume-files-download");
        ui.waitUntil("the download ends", () -> Files.exists(download));
        assertEquals("hello from the volume\n", Files.readString(download));
        assertEquals("", engine.dockerOk("ps", "-aq", "--filter", "label=dev.lamina.app.volume-browser").stdout().strip(),
                "no helper container is left");
        engine.dockerOk("volume", "rm", "data"); // refused while any container holds it
    }

    private List<LayerRow> layers() {
        return ui.<TableView<LayerRow>>node("#layers-table").getItems();
    }

    private static HostFiles answering(Path file) {
        return new HostFiles() {
            @Override
            public Path saveAs(Window owner, String name) {
                return null;
            }

            @Override
            public List<Path> open(Window owner, String title) {
                return List.of(file);
            }
        };
    }

    /** Clicks the visible cell of {@code table} with {@code text} until its row is selected. */
    private void clickCell(String table, String text) throws Exception {
        ui.waitUntil(text + "'s row is selected", () -> {
            TableView<?> t = ui.node(table);
            Optional<Node> cell = AppLookup.fx(() -> robot.from(t).lookup(text).match(NodeQueryUtils.isVisible()).tryQuery());
            if (cell.isEmpty()) return false;
            try {
                robot.clickOn(cell.get());
            } catch (RuntimeException redrawn) {
                return false;
            }
            return AppLookup.fx(() -> {
                Node n = cell.get();
                while (n != null && !(n instanceof javafx.scene.control.TableRow<?>)) n = n.getParent();
                return n instanceof javafx.scene.control.TableRow<?> row && row.isSelected();
            });
        });
    }

    private FileEntry file(String name) {
        TableView<FileEntry> table = ui.node("#volume-files-table");
        return table.getItems().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

}
