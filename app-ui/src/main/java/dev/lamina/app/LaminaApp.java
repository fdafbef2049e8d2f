package dev.lamina.app;

import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * The window: Engine, Containers, Images and Volumes tabs (Ctrl+1 to Ctrl+4) on
 * one engine connection, whose events keep every tab current; light or dark as
 * the OS is set.
 */
public final class LaminaApp extends Application {
    private AppSettings settings;
    private EngineConnection engine;
    private TabPane tabs;
    /** Held: the binding that switches the dark stylesheet listens weakly. */
    private BooleanBinding dark;

    /** For Application.launch: the settings come from the command line. */
    public LaminaApp() {}

    /** For a test or an embedder: these settings. */
    public LaminaApp(AppSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init() {
        if (settings == null) settings = AppSettings.parse(getParameters().getRaw());
    }

    @Override
    public void start(Stage stage) {
        engine = new EngineConnection(Docker.open(settings.dockerHost()));
        // The Containers tab first; the others are made once the window's first frame is out (a
        // third of the time to the window went into their controls' first styling and layout).
        Tab engineTab = tab("Engine", "engine-tab"), imagesTab = tab("Images", "images-tab"), volumesTab = tab("Volumes", "volumes-tab");
        Tab containersTab = tab("Containers", "containers-tab");
        containersTab.setContent(new ContainersView(engine, getHostServices()::showDocument));
        tabs = new TabPane(engineTab, containersTab, imagesTab, volumesTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().select(1);
        Scene scene = new Scene(tabs, 1280, 800);
        scene.getStylesheets().add(LaminaApp.class.getResource("app.css").toExternalForm());
        // The OS's light or dark setting, followed as it changes.
        String darkCss = LaminaApp.class.getResource("dark.css").toExternalForm();
        dark = DarkMode.of(scene);
        dark.subscribe(on -> {
            if (on) scene.getStylesheets().add(darkCss);
            else scene.getStylesheets().remove(darkCss);
        });
        List<KeyCode> digits = List.of(KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4);
        for (int i = 0; i < digits.size(); i++) {
            int which = i;
            scene.getAccelerators().put(new KeyCodeCombination(digits.get(i), KeyCombination.SHORTCUT_DOWN),
                    () -> tabs.getSelectionModel().select(which));
        }
        stage.setTitle("Lamina — " + settings.dockerHost());
        stage.setScene(scene);
        stage.setMinWidth(800);
        stage.setMinHeight(500);
        stage.show();
        // Once the first frame is laid out (it is painted meanwhile, on the render thread).
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                Platform.runLater(() -> {
                    engineTab.setContent(new EnginePanel(engine, settings));
                    imagesTab.setContent(new ImagesView(engine));
                    volumesTab.setContent(new VolumesView(engine));
                    engine.connect();
                });
            }
        });
    }

    private static Tab tab(String title, String id) {
        Tab t = new Tab(title);
        t.setId(id);
        return t;
    }

    @Override
    public void stop() {
        if (engine != null) engine.close();
    }

    public TabPane tabs() { return tabs; }
}
