package dev.lamina.app;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;

/**
 * The selected container: its logs following live, a shell in it and its files
 * (each reached when its tab opens), what inspect says, readable and as raw JSON.
 */
public final class ContainerDetail extends StackPane {
    private final Docker docker;
    private final Label empty = new Label("Select a container to see its details and logs.");
    /** Made at the first selection: the window's start shows only the empty state. */
    private Tabs tabs;
    private String id;

    /** The tabs of one container, and what they show. */
    private final class Tabs {
        final GridPane overview = new GridPane();
        final TextArea json = new TextArea();
        final LogPane logs = new LogPane(docker);
        /** Made when its tab first opens: WebKit stays out of the window's start until then. */
        TerminalPane terminal;
        final Tab terminalTab = new Tab("Terminal");
        final FilesPane files = new FilesPane("files");
        final ContainerFiles containerFiles = new ContainerFiles(docker);
        final Tab filesTab = new Tab("Files", files);
        final TabPane pane = new TabPane();

        Tabs() {
            overview.setHgap(16);
            overview.setVgap(6);
            overview.setPadding(new Insets(10));
            overview.setId("inspect-overview");
            json.setEditable(false);
            json.setId("inspect-json");
            json.getStyleClass().add("mono");
            Tab logsTab = new Tab("Logs", logs);
            logsTab.setId("logs-tab");
            terminalTab.setId("terminal-tab");
            // A shell only when it is looked at: the exec starts as its tab opens.
            terminalTab.selectedProperty().addListener((_, _, selected) -> {
                if (selected && id != null) terminal().open(id);
            });
            filesTab.setId("files-tab");
            filesTab.selectedProperty().addListener((_, _, selected) -> {
                if (selected) files.show(tree(id));
            });
            pane.getTabs().addAll(logsTab, terminalTab, filesTab, new Tab("Inspect", new ScrollPane(overview)), new Tab("Raw JSON", json));
            pane.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        }

        TerminalPane terminal() {
            if (terminal == null) {
                terminal = new TerminalPane(docker);
                terminalTab.setContent(terminal);
            }
            return terminal;
        }
    }

    public ContainerDetail(Docker docker) {
        this.docker = docker;
        empty.getStyleClass().add("empty");
        getChildren().setAll(empty);
    }

    /** Shows {@code containerId} (null: none selected). */
    public void show(String containerId) {
        if (java.util.Objects.equals(containerId, id)) return;
        id = containerId;
        if (tabs == null && containerId == null) return;
        if (tabs == null) tabs = new Tabs();
        tabs.logs.follow(containerId);
        if (tabs.terminal != null) tabs.terminal.close();
        if (containerId != null && tabs.terminalTab.isSelected()) tabs.terminal().open(containerId);
        tabs.files.show(tabs.filesTab.isSelected() ? tree(containerId) : null);
        getChildren().setAll(containerId == null ? empty : tabs.pane);
        refresh();
    }

    private FileTree tree(String containerId) {
        return containerId == null ? null : new ContainerTree(tabs.containerFiles, containerId);
    }

    /** Inspects it again (its state changed). */
    public void refresh() {
        String which = id;
        if (which == null) return;
        // docker-java's reading for the overview; the engine's own answer, as it sent it, for the raw view.
        Background.run(() -> new Inspected(docker.client().inspectContainerCmd(which).exec(),
                Docker.pretty(docker.get("/containers/" + which + "/json"))), (Inspected r) -> {
            if (which.equals(id)) render(r.model(), r.raw());
        }, e -> {
            if (which.equals(id)) tabs.json.setText(Failure.of("inspect the container", e).text());
        });
    }

    public String shownId() { return id; }

    private record Inspected(InspectContainerResponse model, String raw) {}

    private void render(InspectContainerResponse r, String raw) {
        tabs.json.setText(raw);
        tabs.overview.getChildren().clear();
        var state = r.getState();
        var config = r.getConfig();
        HostConfig host = r.getHostConfig();
        int row = 0;
        row = add(row, "Name", r.getName().replaceFirst("^/", ""));
        row = add(row, "ID", r.getId());
        row = add(row, "Image", config.getImage());
        row = add(row, "Command", String.join(" ", r.getPath() == null ? "" : r.getPath(),
                r.getArgs() == null ? "" : String.join(" ", r.getArgs())).strip());
        row = add(row, "State", state.getStatus() + (Boolean.TRUE.equals(state.getRunning()) ? " since " + state.getStartedAt()
                : " (exit code " + state.getExitCodeLong() + ", finished " + state.getFinishedAt() + ")"));
        row = add(row, "Created", r.getCreated());
        row = add(row, "Ports", ports(r.getNetworkSettings() == null ? null : r.getNetworkSettings().getPorts()));
        row = add(row, "Environment", config.getEnv() == null ? "" : String.join("\n", config.getEnv()));
        row = add(row, "Working dir", config.getWorkingDir());
        row = add(row, "TTY", String.valueOf(Boolean.TRUE.equals(config.getTty())));
        row = add(row, "Restart policy", host == null || host.getRestartPolicy() == null ? "" : host.getRestartPolicy().toString());
        add(row, "Mounts", r.getMounts() == null ? "" : r.getMounts().stream()
                .map(m -> (m.getName() != null ? m.getName() : m.getSource()) + " → " + m.getDestination())
                .collect(Collectors.joining("\n")));
    }

    private static String ports(Ports ports) {
        if (ports == null) return "";
        return ports.getBindings().entrySet().stream().map((Map.Entry<com.github.dockerjava.api.model.ExposedPort, Ports.Binding[]> e) ->
                e.getKey() + (e.getValue() == null ? "" : " → " + Arrays.stream(e.getValue())
                        .map(b -> (b.getHostIp() == null ? "" : b.getHostIp() + ":") + b.getHostPortSpec())
                        .collect(Collectors.joining(", "))))
                .collect(Collectors.joining("\n"));
    }

    private int add(int row, String key, String value) {
        Label k = new Label(key);
        k.getStyleClass().add("key");
        Label v = new Label(value == null || value.isEmpty() ? "—" : value);
        v.setWrapText(true);
        v.getStyleClass().add("mono");
        tabs.overview.addRow(row, k, v);
        return row + 1;
    }
}
