package dev.lamina.app;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * Named volumes: list, create, remove (refused by the engine while a container uses
 * one); below, the selected volume's files (list, download). Listed again on volume events.
 */
public final class VolumesView extends BorderPane {
    private static final KeyCombination CREATE = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);

    private final EngineConnection engine;
    private final ObservableList<InspectVolumeResponse> rows = FXCollections.observableArrayList();
    private final TableView<InspectVolumeResponse> table = new TableView<>(rows);
    private final Label placeholder = new Label();
    private final FilesPane files = new FilesPane("volume-files");
    private final ContainerFiles containerFiles;

    public VolumesView(EngineConnection engine) {
        this.engine = engine;
        this.containerFiles = new ContainerFiles(engine.docker());
        setId("volumes-view");
        Button create = new Button("Create…");
        create.setId("create-volume");
        create.setTooltip(new Tooltip("Create a named volume (Ctrl+N)"));
        create.setOnAction(_ -> create());
        Button remove = new Button("Remove…");
        remove.setId("remove-volume");
        remove.getStyleClass().add("danger");
        remove.setTooltip(new Tooltip("Remove the selected volume and its files (Delete)"));
        remove.setOnAction(_ -> remove());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, create, gap, remove);
        bar.setPadding(new Insets(10));
        setTop(bar);

        table.setId("volumes-table");
        table.getColumns().addAll(List.of(
                column("Name", 260, InspectVolumeResponse::getName),
                column("Driver", 90, InspectVolumeResponse::getDriver),
                column("Mount point", 480, InspectVolumeResponse::getMountpoint)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        placeholder.getStyleClass().add("empty");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.getSelectionModel().selectedItemProperty().addListener((_, _, v) ->
                files.show(v == null ? null : new VolumeTree(engine.docker(), containerFiles, v.getName())));
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(table, files);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        setCenter(split);

        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (CREATE.match(e)) create();
            else if (e.getCode() == KeyCode.DELETE) remove();
            else return;
            e.consume();
        });
        engine.stateProperty().addListener((_, _, s) -> stateChanged(s));
        engine.onEvent(this::event);
        stateChanged(engine.state());
    }

    private static TableColumn<InspectVolumeResponse, String> column(String title, double width,
            java.util.function.Function<InspectVolumeResponse, String> value) {
        TableColumn<InspectVolumeResponse, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }

    private void stateChanged(EngineConnection.State s) {
        switch (s) {
            case CONNECTING -> placeholder.setText("Connecting to the engine…");
            case DOWN -> {
                rows.clear();
                placeholder.setText("The engine is not running. Start it on the Engine tab (Ctrl+1).");
            }
            case UP -> load();
        }
    }

    private void event(Event e) {
        if (e.getType() == EventType.VOLUME) load();
    }

    private void load() {
        Background.run(() -> engine.docker().client().listVolumesCmd().exec().getVolumes(), (List<InspectVolumeResponse> volumes) -> {
            InspectVolumeResponse selected = table.getSelectionModel().getSelectedItem();
            rows.setAll(volumes == null ? List.of() : volumes.stream().sorted(Comparator.comparing(InspectVolumeResponse::getName)).toList());
            // The same volume stays selected (its files stay shown) when another comes or goes.
            if (selected != null) rows.stream().filter(v -> v.getName().equals(selected.getName())).findFirst()
                    .ifPresent(v -> table.getSelectionModel().select(v));
            placeholder.setText("No volumes yet. Create one (Ctrl+N) to keep data beyond a container's life.");
        }, e -> placeholder.setText(Failure.of("list the volumes", e).text()));
    }

    private void create() {
        TextInputDialog ask = new TextInputDialog();
        ask.setTitle("Create a volume");
        ask.setHeaderText("Name of the new volume");
        ask.getEditor().setId("volume-name");
        ask.initOwner(getScene().getWindow());
        ask.showAndWait().map(String::strip).filter(n -> !n.isEmpty()).ifPresent(name ->
                Background.run(() -> engine.docker().client().createVolumeCmd().withName(name).exec(), _ -> { },
                        e -> Dialogs.show(this, Failure.of("create volume " + name, e))));
    }

    private void remove() {
        InspectVolumeResponse v = table.getSelectionModel().getSelectedItem();
        if (v == null) return;
        if (!Dialogs.confirm(this, "Remove volume " + v.getName() + "?", "Its files are deleted; this cannot be undone.", "Remove"))
            return;
        Background.run(() -> engine.docker().client().removeVolumeCmd(v.getName()).exec(), () -> { },
                e -> Dialogs.show(this, Failure.of("remove volume " + v.getName(), e)));
    }
}
