package dev.lamina.app;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Every container, live: loaded once when the engine is reached, then each row
 * changed, added or removed as the engine's events say, never by polling. Start,
 * stop, restart and remove act on the selection (several at once); remove asks first.
 */
public final class ContainersView extends BorderPane {
    private static final KeyCombination START = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination STOP = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination RESTART = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final EngineConnection engine;
    private static final int AGE_GROUPS = 10;
    private final ObservableList<ContainerRow> rows = FXCollections.observableArrayList();
    private final Map<String, ContainerRow> byId = new HashMap<>();
    private final Map<String, StatsFeed> stats = new HashMap<>();
    private final LatestReads reads = new LatestReads();
    private final FilteredList<ContainerRow> filtered = new FilteredList<>(rows);
    private final TableView<ContainerRow> table = new TableView<>();
    private final TextField filter = new TextField();
    private final ContainerDetail detail;
    private final Label placeholder = new Label();
    private LinkOpener links;

    public ContainersView(EngineConnection engine, LinkOpener links) {
        this.engine = engine;
        this.links = links;
        this.detail = new ContainerDetail(engine.docker());
        setId("containers-view");

        filter.setPromptText("Filter by name, image or state (Ctrl+F)");
        filter.setId("container-filter");
        filter.textProperty().addListener((_, _, f) -> filtered.setPredicate(r -> r.matches(f)));
        HBox.setHgrow(filter, Priority.ALWAYS);
        Button start = action("Start", "start-containers", "Start the selected containers (Ctrl+S)", this::startSelected);
        Button stop = action("Stop", "stop-containers", "Stop the selected containers (Ctrl+E)", this::stopSelected);
        Button restart = action("Restart", "restart-containers", "Restart the selected containers (Ctrl+R)", this::restartSelected);
        Button remove = action("Remove…", "remove-containers", "Remove the selected containers (Delete)", this::removeSelected);
        remove.getStyleClass().add("danger");
        HBox bar = new HBox(8, filter, start, stop, restart, remove);
        bar.setPadding(new Insets(10));
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        setTop(bar);

        table.setId("containers-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getColumns().addAll(List.of(
                column("Name", 180, ContainerRow::nameProperty),
                column("Image", 220, ContainerRow::imageProperty),
                stateColumn(),
                portsColumn(),
                column("CPU", 70, ContainerRow::cpuProperty),
                column("Memory", 90, ContainerRow::memoryProperty),
                createdColumn()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        SortedList<ContainerRow> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        placeholder.getStyleClass().add("empty");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<ContainerRow>) _ -> {
            var selected = table.getSelectionModel().getSelectedItems();
            detail.show(selected.size() == 1 ? selected.getFirst().id() : null);
        });
        var noneSelected = javafx.beans.binding.Bindings.isEmpty(table.getSelectionModel().getSelectedItems());
        for (Button b : List.of(start, stop, restart, remove)) b.disableProperty().bind(noneSelected);

        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        setCenter(split);

        // "3 minutes ago" ages without any event: each row's text made again each second (no call to the
        // engine), so a cell changes as its own text does, once a minute at its container's second. A
        // refresh of the whole table each half minute made every cell anew, and changing every row's text
        // at one tick repainted the whole table at once: pulses of 80 and 40 ms with 200 rows
        // (bench/app-scale.sh). Rows made in the same second (a script's, a compose project's) still
        // changed at one tick, a repaint of every visible row in one pulse (15-43 ms once a minute), so
        // the rows take their turns in ten groups a tenth of a second apart.
        int[] turn = {0};
        javafx.animation.Timeline ages = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.millis(100), _ -> {
                    Instant now = Instant.now();
                    int group = turn[0];
                    turn[0] = (group + 1) % AGE_GROUPS;
                    for (int i = group; i < rows.size(); i += AGE_GROUPS) rows.get(i).age(now);
                }));
        ages.setCycleCount(javafx.animation.Animation.INDEFINITE);
        ages.play();

        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        engine.stateProperty().addListener((_, _, s) -> stateChanged(s));
        engine.onEvent(this::event);
        stateChanged(engine.state());
    }

    private void key(KeyEvent e) {
        boolean inText = e.getTarget() instanceof javafx.scene.control.TextInputControl;
        if (FIND.match(e)) filter.requestFocus();
        else if (START.match(e)) startSelected();
        else if (STOP.match(e)) stopSelected();
        else if (RESTART.match(e)) restartSelected();
        else if (e.getCode() == KeyCode.DELETE && !inText) removeSelected();
        else if (e.getCode() == KeyCode.ESCAPE && e.getTarget() == filter) filter.clear();
        else return;
        e.consume();
    }

    private static Button action(String text, String id, String tip, Runnable run) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(_ -> run.run());
        return b;
    }

    private static TableColumn<ContainerRow, String> column(String title, double width,
            java.util.function.Function<ContainerRow, javafx.beans.value.ObservableValue<String>> value) {
        TableColumn<ContainerRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> value.apply(f.getValue()));
        return c;
    }

    private static TableColumn<ContainerRow, String> stateColumn() {
        TableColumn<ContainerRow, String> c = column("State", 150, ContainerRow::statusProperty);
        c.setCellFactory(_ -> new TableCell<>() {
            @Override
            protected void updateItem(String status, boolean empty) {
                super.updateItem(status, empty);
                getStyleClass().removeAll("running", "exited");
                if (empty || status == null) {
                    setText(null);
                    return;
                }
                setText(status);
                ContainerRow row = getTableRow() == null ? null : getTableRow().getItem();
                if (row != null) getStyleClass().add(row.running() ? "running" : "exited");
            }
        });
        return c;
    }

    /** Each published TCP port a link that opens it in the browser; the others as text. */
    private TableColumn<ContainerRow, List<PublishedPort>> portsColumn() {
        TableColumn<ContainerRow, List<PublishedPort>> c = new TableColumn<>("Ports");
        c.setPrefWidth(200);
        c.setCellValueFactory(f -> f.getValue().portsProperty());
        c.setComparator(java.util.Comparator.comparing(p -> p.isEmpty() ? Integer.MAX_VALUE : p.getFirst().privatePort()));
        c.setCellFactory(_ -> new TableCell<>() {
            @Override
            protected void updateItem(List<PublishedPort> ports, boolean empty) {
                super.updateItem(ports, empty);
                setText(null);
                if (empty || ports == null || ports.isEmpty()) {
                    setGraphic(null);
                    return;
                }
                HBox flow = new HBox();
                flow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                for (PublishedPort p : ports) {
                    if (!flow.getChildren().isEmpty()) flow.getChildren().add(new Label(", "));
                    flow.getChildren().add(p.url().<javafx.scene.Node>map(url -> {
                        Hyperlink link = new Hyperlink(p.text());
                        link.getStyleClass().add("port-link");
                        link.setTooltip(new Tooltip("Open " + url));
                        link.setOnAction(_ -> links.open(url));
                        return link;
                    }).orElseGet(() -> new Label(p.text())));
                }
                setGraphic(flow);
            }
        });
        return c;
    }

    /** Replaces where links open (a test's record of them). */
    public void setLinkOpener(LinkOpener links) {
        this.links = links;
    }

    /** The row's age ("3 minutes ago"), sorted by the time itself. */
    private static TableColumn<ContainerRow, ContainerRow> createdColumn() {
        TableColumn<ContainerRow, ContainerRow> c = new TableColumn<>("Created");
        c.setPrefWidth(130);
        c.setCellValueFactory(f -> new javafx.beans.property.ReadOnlyObjectWrapper<>(f.getValue()));
        c.setComparator(java.util.Comparator.comparingLong(r -> r.createdProperty().get()));
        c.setCellFactory(_ -> new TableCell<>() {
            @Override
            protected void updateItem(ContainerRow row, boolean empty) {
                super.updateItem(row, empty);
                textProperty().unbind();
                if (empty || row == null) setText(null);
                else textProperty().bind(row.ageProperty());
            }
        });
        return c;
    }

    private void stateChanged(EngineConnection.State s) {
        switch (s) {
            case CONNECTING -> placeholder.setText("Connecting to the engine…");
            case DOWN -> {
                clear();
                placeholder.setText("The engine is not running. Start it on the Engine tab (Ctrl+1).");
            }
            case UP -> load();
        }
    }

    private void clear() {
        stats.values().forEach(StatsFeed::close);
        stats.clear();
        rows.clear();
        byId.clear();
        detail.show(null);
    }

    private void load() {
        placeholder.setText("Loading…");
        Background.run(() -> engine.docker().client().listContainersCmd().withShowAll(true).exec(), (List<Container> all) -> {
            clear();
            all.forEach(this::put);
            placeholder.setText("No containers yet. Run one from the Images tab (select an image, then Run… or Ctrl+N).");
        }, e -> placeholder.setText(Failure.of("list the containers", e).text()));
    }

    private void put(Container c) {
        ContainerRow row = byId.get(c.getId());
        if (row != null) row.update(c);
        else {
            row = new ContainerRow(c);
            byId.put(c.getId(), row);
            rows.add(row);
        }
        followStats(row);
    }

    /** Stats stream while it runs; none (and blank figures) otherwise. */
    private void followStats(ContainerRow row) {
        StatsFeed feed = stats.get(row.id());
        if (row.running() && feed == null) stats.put(row.id(), StatsFeed.follow(engine.docker(), row));
        else if (!row.running() && feed != null) {
            stats.remove(row.id()).close();
            row.usage("", "");
        }
    }

    /** One container changed: read that one again (or drop it when destroyed). */
    private void event(Event e) {
        if (e.getType() != EventType.CONTAINER || e.getId() == null) return;
        String action = e.getAction() == null ? e.getStatus() : e.getAction();
        if (action == null || action.startsWith("exec_") || action.equals("attach") || action.equals("resize") || action.equals("top"))
            return;
        String id = e.getId();
        if (action.equals("destroy")) {
            reads.forget(id);
            ContainerRow row = byId.remove(id);
            if (row != null) rows.remove(row);
            StatsFeed feed = stats.remove(id);
            if (feed != null) feed.close();
            return;
        }
        long read = reads.next(id);
        Background.run(() -> engine.docker().client().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec(),
                (List<Container> found) -> {
                    if (!reads.isLatest(id, read)) return; // destroyed since, or a later read follows
                    found.forEach(this::put);
                    if (id.equals(detail.shownId())) detail.refresh();
                }, _ -> { }); // the engine went away meanwhile: the state change says so
    }

    private List<ContainerRow> selected() {
        return new ArrayList<>(table.getSelectionModel().getSelectedItems());
    }

    private void startSelected() {
        each("start", (client, id) -> client.startContainerCmd(id).exec());
    }

    private void stopSelected() {
        each("stop", (client, id) -> client.stopContainerCmd(id).exec());
    }

    private void restartSelected() {
        each("restart", (client, id) -> client.restartContainerCmd(id).exec());
    }

    private void removeSelected() {
        List<ContainerRow> chosen = selected();
        if (chosen.isEmpty()) return;
        String names = String.join(", ", chosen.stream().map(r -> r.nameProperty().get()).toList());
        boolean anyRunning = chosen.stream().anyMatch(ContainerRow::running);
        if (!Dialogs.confirm(this, chosen.size() == 1 ? "Remove container " + names + "?" : "Remove " + chosen.size() + " containers?",
                (chosen.size() == 1 ? "" : names + "\n\n") + (anyRunning ? "Running containers are stopped first. " : "")
                        + "Their files and logs are deleted; volumes are kept.", "Remove"))
            return;
        each("remove", (client, id) -> client.removeContainerCmd(id).withForce(true).exec());
    }

    /** {@code action} on each selected container, in the background; failures in one dialog. */
    private void each(String verb, BiConsumer<com.github.dockerjava.api.DockerClient, String> action) {
        for (ContainerRow row : selected()) {
            // A start of a running container, or a stop of a stopped one, is no change (304): not a failure.
            if (verb.equals("start") && row.running() || verb.equals("stop") && !row.running()) continue;
            Background.run(() -> action.accept(engine.docker().client(), row.id()), () -> { },
                    e -> Dialogs.show(this, Failure.of(verb + " container " + row.nameProperty().get(), e)));
        }
    }
}
