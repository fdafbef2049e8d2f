package dev.lamina.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * The engine: whether it answers (and a button to start Lamina's when it does
 * not), its socket, the DOCKER_HOST line to copy, its version, and what its
 * images, containers and volumes take on disk, with a prune.
 */
public final class EnginePanel extends VBox {
    private final EngineConnection engine;
    private final AppSettings settings;
    private final Circle dot = new Circle(6);
    private final Label state = new Label();
    private final Button start = new Button("Start engine");
    private final Label hint = new Label();
    private final Label version = new Label("—");
    private final Label counts = new Label("—");
    private final Label disk = new Label("—");
    private final Label pruned = new Label();
    private final Label copied = new Label();
    private boolean diskInFlight;
    private boolean diskAgain;

    public EnginePanel(EngineConnection engine, AppSettings settings) {
        this.engine = engine;
        this.settings = settings;
        getStyleClass().add("panel");
        setId("engine-panel");
        setSpacing(14);
        setPadding(new Insets(20));

        state.setId("engine-state");
        state.getStyleClass().add("title");
        start.setId("start-engine");
        start.setOnAction(_ -> startEngine());
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        HBox status = new HBox(10, dot, state, start);
        status.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        String hostLine = "export DOCKER_HOST=" + settings.dockerHost();
        TextField line = new TextField(hostLine);
        line.setEditable(false);
        line.setId("docker-host-line");
        line.getStyleClass().add("mono");
        HBox.setHgrow(line, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("copy-docker-host");
        copy.setTooltip(new Tooltip("Copy the line, to paste into a terminal: the docker CLI then uses this engine"));
        copy.setOnAction(_ -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(hostLine);
            Clipboard.getSystemClipboard().setContent(c);
            copied.setText("Copied");
        });
        HBox hostRow = new HBox(8, line, copy, copied);
        hostRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        Button refresh = new Button("Refresh");
        refresh.setOnAction(_ -> load());
        Button prune = new Button("Prune…");
        prune.setId("prune");
        prune.setTooltip(new Tooltip("Remove stopped containers and images no name refers to"));
        prune.setOnAction(_ -> prune());
        disk.setId("disk-usage");
        pruned.setId("pruned");
        HBox diskRow = new HBox(10, disk, refresh, prune, pruned);
        diskRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(10);
        int row = 0;
        grid.addRow(row++, key("Socket"), value(settings.socket().map(Path::toString).orElse(settings.dockerHost().toString())));
        grid.addRow(row++, key("DOCKER_HOST"), hostRow);
        grid.addRow(row++, key("Version"), version);
        grid.addRow(row++, key("Contents"), counts);
        grid.addRow(row, key("Disk usage"), diskRow);
        GridPane.setHgrow(hostRow, Priority.ALWAYS);
        version.setId("engine-version");

        getChildren().addAll(status, hint, grid);
        engine.stateProperty().addListener((_, _, s) -> show(s));
        show(engine.state());
        // Contents and disk usage change with containers, images and volumes: read again on their events.
        engine.onEvent(e -> {
            if (engine.state() != EngineConnection.State.UP || e.getAction() == null || e.getAction().startsWith("exec_")) return;
            loadCounts();
            loadDisk();
        });
    }

    private static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("key");
        return l;
    }

    private static Label value(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("mono");
        return l;
    }

    private void show(EngineConnection.State s) {
        boolean canStart = settings.launcher().isPresent() && settings.socket().isPresent();
        dot.getStyleClass().setAll("dot", s.name().toLowerCase(java.util.Locale.ROOT));
        switch (s) {
            case CONNECTING -> {
                state.setText("Connecting…");
                start.setVisible(false);
                hint.setText("");
            }
            case UP -> {
                state.setText("Running");
                start.setVisible(false);
                hint.setText("");
                load();
            }
            case DOWN -> {
                state.setText("Not running");
                start.setVisible(canStart);
                start.setDisable(false);
                hint.setText(canStart
                        ? "Start it here, or with `lamina engine` in a terminal. The app connects as soon as it answers."
                        : "No engine answers at " + settings.dockerHost() + ". Start it (lamina engine, or your Docker engine); the app connects as soon as it answers.");
                version.setText("—");
                counts.setText("—");
                disk.setText("—");
            }
        }
    }

    private void startEngine() {
        start.setDisable(true);
        state.setText("Starting…");
        Path launcher = settings.launcher().orElseThrow();
        Path socket = settings.socket().orElseThrow();
        Background.run(() -> {
            EngineLauncher.Started started = EngineLauncher.start(launcher, socket);
            // Started once the socket answers; an engine that exits first (its data root is not
            // usable, say) says why in its log. Nothing is judged after that: an engine stopped
            // later is the connection's news, not a failed start.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (!answers(socket)) {
                if (started.process().waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS))
                    throw new java.io.IOException("lamina engine exited (status " + started.process().exitValue() + "): "
                            + lastLines(started.log()));
                if (System.nanoTime() > deadline)
                    throw new java.io.IOException("lamina engine did not answer within " + START_SECONDS + " s: " + lastLines(started.log()));
            }
            engine.connect();
            return started;
        }, _ -> { }, e -> {
            start.setDisable(false);
            show(engine.state());
            Dialogs.show(this, new Failure("Could not start the engine", e.getMessage(),
                    "Fix what the message says, or run `lamina engine` in a terminal to see its output."));
        });
    }

    private static final int START_SECONDS = 60;

    private static boolean answers(Path socket) {
        try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            c.connect(java.net.UnixDomainSocketAddress.of(socket));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String lastLines(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private void load() {
        Background.run(() -> engine.docker().client().versionCmd().exec(), this::showVersion,
                e -> version.setText(Failure.of("read the version", e).why()));
        loadCounts();
        loadDisk();
    }

    private void showVersion(Version v) {
        version.setText(v.getVersion() + " (API " + v.getApiVersion() + ", " + v.getOperatingSystem() + "/" + v.getArch() + ")");
    }

    private void loadCounts() {
        Background.run(() -> engine.docker().client().infoCmd().exec(), (Info i) -> counts.setText(
                i.getContainers() + " containers (" + i.getContainersRunning() + " running), " + i.getImages() + " images"),
                e -> counts.setText(Failure.of("count containers", e).why()));
    }

    /** One /system/df at a time (it walks the files): events during one ask for one more after it. */
    private void loadDisk() {
        if (diskInFlight) {
            diskAgain = true;
            return;
        }
        diskInFlight = true;
        Background.run(() -> engine.docker().get("/system/df"), df -> {
            showDisk(df);
            diskDone();
        }, e -> {
            disk.setText(Failure.of("read the disk usage", e).why());
            diskDone();
        });
    }

    private void diskDone() {
        diskInFlight = false;
        if (diskAgain) {
            diskAgain = false;
            loadDisk();
        }
    }

    private void showDisk(JsonNode df) {
        long images = df.path("LayersSize").asLong();
        long containers = 0;
        for (JsonNode c : df.path("Containers")) containers += c.path("SizeRw").asLong();
        long volumes = 0;
        for (JsonNode v : df.path("Volumes")) volumes += Math.max(0, v.path("UsageData").path("Size").asLong());
        disk.setText("images " + Formats.size(images) + " · containers " + Formats.size(containers)
                + " · volumes " + Formats.size(volumes));
    }

    private void prune() {
        if (!Dialogs.confirm(this, "Prune the engine?",
                "Removes every stopped container and every image that no name refers to. Volumes are kept.", "Prune"))
            return;
        Background.run(() -> {
            var client = engine.docker().client();
            long containers = nullToZero(client.pruneCmd(PruneType.CONTAINERS).exec().getSpaceReclaimed());
            long images = nullToZero(client.pruneCmd(PruneType.IMAGES).exec().getSpaceReclaimed());
            return containers + images;
        }, (Long bytes) -> {
            pruned.setText("Reclaimed " + Formats.size(bytes));
            loadDisk();
        }, e -> Dialogs.show(this, Failure.of("prune", e)));
    }

    private static long nullToZero(Long v) {
        return v == null ? 0 : v;
    }
}
