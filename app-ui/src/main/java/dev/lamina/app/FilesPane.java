package dev.lamina.app;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * A container's or a volume's files ({@link FileTree}): a directory's listing; open a
 * directory (double-click, Enter), go up (Backspace); download the selected file to a
 * host path; upload host files into the directory shown (Upload…, or drop them on the
 * list) where the tree takes them.
 */
public final class FilesPane extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final TableView<FileEntry> table = new TableView<>();
    private final TextField path = new TextField("/");
    private final Label status = new Label();
    private final Label placeholder = new Label();
    private final Button upload;
    private HostFiles host = HostFiles.choosers();
    private FileTree tree;
    private String dir = "/";
    /** The listing asked for last: an older one that answers late is dropped. */
    private Object listing;

    /** {@code ids}: the prefix of its nodes' ids ("files": files-table, files-path, …), one per pane in the window. */
    public FilesPane(String ids) {
        setId(ids + "-pane");
        path.setId(ids + "-path");
        path.setOnAction(_ -> list(path.getText(), null));
        HBox.setHgrow(path, Priority.ALWAYS);
        Button up = button("Up", ids + "-up", this::up);
        Button refresh = button("Refresh", ids + "-refresh", () -> list(dir, null));
        Button download = button("Download…", ids + "-download", this::download);
        Button upload = button("Upload…", ids + "-upload", () -> upload(host.open(getScene().getWindow(), "Upload into " + dir)));
        download.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        upload.managedProperty().bind(upload.visibleProperty());
        this.upload = upload;
        HBox bar = new HBox(8, up, path, refresh, download, upload);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setTop(bar);

        table.setId(ids + "-table");
        table.getColumns().addAll(List.of(
                column("Name", 320, FileEntry::label),
                column("Size", 90, f -> f.kind() == FileEntry.Kind.FILE ? Formats.size(f.size()) : ""),
                column("Mode", 110, FileEntry::mode),
                column("Modified", 150, f -> TIME.format(f.modified()))));
        table.getColumns().getFirst().getStyleClass().add("mono");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        placeholder.getStyleClass().add("empty");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.setRowFactory(_ -> {
            var row = new javafx.scene.control.TableRow<FileEntry>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) open(row.getItem());
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            FileEntry selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) open(selected);
            else if (e.getCode() == KeyCode.BACK_SPACE) up();
        });
        // Host files dropped on the list go into the directory shown.
        table.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && tree != null && tree.writable()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        table.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && tree != null && tree.writable();
            if (ok) upload(e.getDragboard().getFiles().stream().map(java.io.File::toPath).toList());
            e.setDropCompleted(ok);
            e.consume();
        });
        setCenter(table);
        status.setId(ids + "-status");
        status.getStyleClass().add("hint");
        status.setWrapText(true);
        status.setPadding(new Insets(6, 8, 6, 8));
        setBottom(status);
    }

    /** Shows {@code files}' root directory (null: none), unless it shows those files already. */
    public void show(FileTree files) {
        if (files != null && files.equals(tree)) return;
        tree = files;
        listing = null;
        table.getItems().clear();
        placeholder.setText("");
        status.setText("");
        upload.setVisible(files == null || files.writable());
        if (files != null) list("/", null);
    }

    /** Replaces the file choosers (a test's answers). */
    public void setHostFiles(HostFiles host) {
        this.host = host;
    }

    /** Lists {@code where}; {@code done}, when given, is the status line once listed. */
    private void list(String where, String done) {
        FileTree from = tree;
        if (from == null) return;
        String target = ContainerPaths.normalize(where);
        Object token = new Object();
        listing = token;
        path.setText(target);
        table.getItems().clear();
        placeholder.setText("Listing " + target + "…");
        Background.run(() -> from.list(target), (ContainerFiles.Listing l) -> {
            if (listing != token) return;
            dir = l.path();
            path.setText(dir);
            table.getItems().setAll(l.entries());
            placeholder.setText(dir + " is empty.");
            status.setText(done != null ? done : l.entries().size() + (l.entries().size() == 1 ? " entry in " : " entries in ") + dir);
        }, e -> {
            if (listing != token) return;
            path.setText(dir);
            placeholder.setText("");
            status.setText(Failure.of("list " + target, e).text());
        });
    }

    private void up() {
        list(ContainerPaths.parent(dir), null);
    }

    private void open(FileEntry entry) {
        String where = ContainerPaths.child(dir, entry.name());
        switch (entry.kind()) {
            case DIRECTORY, SYMLINK -> list(where, null); // a symlink to a file says so
            default -> download();
        }
    }

    private void download() {
        FileEntry entry = table.getSelectionModel().getSelectedItem();
        FileTree from = tree;
        if (entry == null || from == null) return;
        String file = ContainerPaths.child(dir, entry.name());
        Path to = host.saveAs(getScene().getWindow(), entry.directory() ? entry.name() + ".tar" : entry.name());
        if (to == null) return;
        status.setText("Downloading " + file + "…");
        Background.run(() -> {
            if (entry.directory()) from.downloadTar(file, to);
            else from.download(file, to);
        }, () -> status.setText("Downloaded " + file + " to " + to),
                e -> status.setText(Failure.of("download " + file, e).text()));
    }

    private void upload(List<Path> chosen) {
        FileTree to = tree;
        String into = dir;
        if (chosen.isEmpty() || to == null || !to.writable()) return;
        status.setText("Uploading " + chosen.size() + (chosen.size() == 1 ? " file" : " files") + " to " + into + "…");
        Background.run(() -> {
            for (Path p : chosen) to.upload(into, p);
        }, () -> {
            if (!to.equals(tree)) return;
            list(into, "Uploaded " + String.join(", ", chosen.stream().map(p -> p.getFileName().toString()).toList())
                    + " to " + into);
        }, e -> status.setText(Failure.of("upload into " + into, e).text()));
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(_ -> action.run());
        return b;
    }

    private static TableColumn<FileEntry, String> column(String title, double width, java.util.function.Function<FileEntry, String> value) {
        TableColumn<FileEntry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
