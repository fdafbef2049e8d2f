package dev.lamina.app;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Image;
import java.time.Instant;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The engine's images: name, id, size, age; pull one, run a container from one,
 * remove one (the engine refuses while a container uses it, and the app says why).
 * Listed again on image events.
 */
public final class ImagesView extends BorderPane {
    private static final KeyCombination PULL = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination IMPORT = new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination RUN = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);

    /** An image once per name (an untagged image once, by id). */
    public record Row(String name, Image image) {}

    private final EngineConnection engine;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final TableView<Row> table = new TableView<>(rows);
    private final Label placeholder = new Label();
    private final TableView<LayerRow> layers = new TableView<>();
    private final Label layersPlaceholder = new Label("Select an image to see its layers.");
    /** The history asked for last: an older one that answers late is dropped. */
    private Object history;
    private HostFiles host = HostFiles.choosers();

    public ImagesView(EngineConnection engine) {
        this.engine = engine;
        setId("images-view");
        Button pull = button("Pull…", "pull-image", "Pull an image from a registry (Ctrl+P)", this::pull);
        Button importTarball = button("Import…", "import-image", "Import a root file system tarball as an image (Ctrl+I)",
                this::importTarball);
        Button run = button("Run…", "run-image", "Run a container from the selected image (Ctrl+N)", this::run);
        Button remove = button("Remove…", "remove-image", "Remove the selected image name (Delete)", this::remove);
        remove.getStyleClass().add("danger");
        var none = table.getSelectionModel().selectedItemProperty().isNull();
        run.disableProperty().bind(none);
        remove.disableProperty().bind(none);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, pull, importTarball, gap, run, remove);
        bar.setPadding(new Insets(10));
        setTop(bar);

        table.setId("images-table");
        TableColumn<Row, String> name = new TableColumn<>("Name");
        name.setPrefWidth(320);
        name.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().name()));
        TableColumn<Row, String> id = new TableColumn<>("ID");
        id.setPrefWidth(130);
        id.setCellValueFactory(f -> new ReadOnlyStringWrapper(Formats.shortId(f.getValue().image().getId())));
        TableColumn<Row, Long> size = new TableColumn<>("Size");
        size.setPrefWidth(100);
        size.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().image().getSize()));
        size.setCellFactory(_ -> text(v -> Formats.size(v)));
        TableColumn<Row, Long> created = new TableColumn<>("Created");
        created.setPrefWidth(130);
        created.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().image().getCreated()));
        created.setCellFactory(_ -> text(v -> Formats.ago(v, Instant.now())));
        table.getColumns().addAll(List.of(name, id, size, created));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        placeholder.getStyleClass().add("empty");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && table.getSelectionModel().getSelectedItem() != null) run();
        });
        table.getSelectionModel().selectedItemProperty().addListener((_, _, row) -> showLayers(row));
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(table, layersPane());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);

        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (PULL.match(e)) pull();
            else if (IMPORT.match(e)) importTarball();
            else if (RUN.match(e)) run();
            else if (e.getCode() == KeyCode.DELETE) remove();
            else return;
            e.consume();
        });
        engine.stateProperty().addListener((_, _, s) -> stateChanged(s));
        engine.onEvent(this::event);
        stateChanged(engine.state());
    }

    /** The selected image's layers, newest first: size, age and the command that made each. */
    private javafx.scene.Node layersPane() {
        layers.setId("layers-table");
        TableColumn<LayerRow, Long> size = new TableColumn<>("Size");
        size.setPrefWidth(100);
        size.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().size()));
        size.setCellFactory(_ -> text(Formats::size));
        size.setMaxWidth(140);
        TableColumn<LayerRow, Long> created = new TableColumn<>("Created");
        created.setPrefWidth(130);
        created.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().created()));
        created.setCellFactory(_ -> text(v -> Formats.ago(v, Instant.now())));
        created.setMaxWidth(180);
        TableColumn<LayerRow, String> command = new TableColumn<>("Command");
        command.setPrefWidth(700);
        command.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().shownCommand()));
        command.setCellFactory(_ -> {
            TableCell<LayerRow, String> c = text(v -> v);
            c.getStyleClass().add("mono");
            c.setTooltip(new Tooltip());
            c.itemProperty().subscribe(v -> c.getTooltip().setText(v == null ? "" : v));
            return c;
        });
        layers.getColumns().addAll(List.of(size, created, command));
        layers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        layersPlaceholder.getStyleClass().add("empty");
        layersPlaceholder.setWrapText(true);
        layers.setPlaceholder(layersPlaceholder);
        Label title = new Label("Layers");
        title.getStyleClass().add("key");
        title.setPadding(new Insets(6, 10, 4, 10));
        BorderPane pane = new BorderPane(layers);
        pane.setTop(title);
        return pane;
    }

    private void showLayers(Row row) {
        Object token = new Object();
        history = token;
        layers.getItems().clear();
        if (row == null) {
            layersPlaceholder.setText("Select an image to see its layers.");
            return;
        }
        String id = row.image().getId();
        layersPlaceholder.setText("Reading the history of " + row.name() + "…");
        Background.run(() -> engine.docker().client().imageHistoryCmd(id).exec(), (List<com.github.dockerjava.api.model.ImageHistory> h) -> {
            if (history != token) return;
            layers.getItems().setAll(h.stream().map(LayerRow::of).toList());
            layersPlaceholder.setText(row.name() + " has no recorded history.");
        }, e -> {
            if (history == token) layersPlaceholder.setText(Failure.of("read the history of " + row.name(), e).text());
        });
    }

    /** Replaces the file chooser of Import… (a test's answers). */
    public void setHostFiles(HostFiles host) {
        this.host = host;
    }

    private static <S, T> TableCell<S, T> text(java.util.function.Function<T, String> format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : format.apply(v));
            }
        };
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(_ -> action.run());
        return b;
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
        if (e.getType() == EventType.IMAGE) load();
    }

    private void load() {
        Background.run(() -> engine.docker().client().listImagesCmd().exec(), (List<Image> images) -> {
            Row selected = table.getSelectionModel().getSelectedItem();
            rows.setAll(images.stream().flatMap(i -> i.getRepoTags() == null || i.getRepoTags().length == 0
                    ? java.util.stream.Stream.of(new Row("<none>", i))
                    : java.util.Arrays.stream(i.getRepoTags()).map(t -> new Row(t, i))).sorted(java.util.Comparator.comparing(Row::name)).toList());
            if (selected != null) rows.stream().filter(r -> r.name().equals(selected.name())).findFirst()
                    .ifPresent(r -> table.getSelectionModel().select(r));
            placeholder.setText("No images yet. Pull one (Ctrl+P), such as alpine:3.20.");
        }, e -> placeholder.setText(Failure.of("list the images", e).text()));
    }

    private void pull() {
        new PullDialog(engine.docker(), getScene().getWindow()).show();
    }

    private void importTarball() {
        new ImportDialog(engine.docker(), host, getScene().getWindow()).show();
    }

    private void run() {
        Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) return;
        new RunDialog(engine.docker(), row.name().equals("<none>") ? row.image().getId() : row.name(), getScene().getWindow()).show();
    }

    private void remove() {
        Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) return;
        String target = row.name().equals("<none>") ? row.image().getId() : row.name();
        if (!Dialogs.confirm(this, "Remove image " + target + "?",
                "Removes this name; the image's data goes once no name refers to it.", "Remove"))
            return;
        Background.run(() -> engine.docker().client().removeImageCmd(target).exec(), () -> { }, e -> {
            Failure f = Failure.of("remove image " + target, e);
            Dialogs.show(this, e instanceof com.github.dockerjava.api.exception.ConflictException
                    ? new Failure(f.what(), f.why(), "Remove the containers that use it (Containers tab, Ctrl+2), then try again.") : f);
        });
    }
}
