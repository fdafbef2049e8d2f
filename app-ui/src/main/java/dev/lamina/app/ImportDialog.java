package dev.lamina.app;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * `docker import`: a root file system tarball (plain or compressed) chosen on the host,
 * streamed to the engine as a new image ({@link Docker#importImage}), with the
 * upload's progress, then the engine's unpacking. Closing the dialog stops watching only.
 */
public final class ImportDialog extends Dialog<Void> {
    private static final ButtonType IMPORT = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);

    private final Docker docker;
    private final HostFiles host;
    private final TextField file = new TextField();
    private final TextField name = new TextField();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Choose a tarball of a root file system (such as a minirootfs .tar.gz) and name the image.");

    public ImportDialog(Docker docker, HostFiles host, javafx.stage.Window owner) {
        this.docker = docker;
        this.host = host;
        setTitle("Import an image");
        setHeaderText("Import a root file system tarball as an image");
        initOwner(owner);
        getDialogPane().getButtonTypes().addAll(IMPORT, ButtonType.CLOSE);
        file.setId("import-file");
        file.setPromptText("tarball on this computer");
        HBox.setHgrow(file, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("import-choose");
        choose.setOnAction(_ -> choose());
        HBox fileRow = new HBox(8, file, choose);
        fileRow.setAlignment(Pos.CENTER_LEFT);
        name.setId("import-name");
        name.setPromptText("image name, e.g. my/rootfs:1");
        progress.setId("import-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        status.setId("import-status");
        status.setWrapText(true);
        VBox box = new VBox(10, fileRow, name, progress, status);
        box.setPadding(new Insets(10));
        box.setPrefWidth(560);
        getDialogPane().setContent(box);
        Button start = (Button) getDialogPane().lookupButton(IMPORT);
        start.setId("import-start");
        start.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog stays open while the import runs
            start();
        });
    }

    private void choose() {
        List<Path> chosen = host.open(getDialogPane().getScene().getWindow(), "Import a root file system tarball");
        if (chosen.isEmpty()) return;
        file.setText(chosen.getFirst().toString());
        if (name.getText().isBlank()) name.setText(suggestedName(chosen.getFirst()));
    }

    /** "alpine-minirootfs-3.20.3-x86_64.tar.gz" suggests "alpine-minirootfs-3.20.3-x86_64" (lower case, as names are). */
    static String suggestedName(Path tarball) {
        String n = tarball.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .replaceFirst("\\.(tar(\\.(gz|xz|zst|bz2))?|tgz|txz)$", "");
        return n.replaceAll("[^a-z0-9._-]", "-");
    }

    private void start() {
        Path tarball = Path.of(file.getText().strip());
        ImageRef ref;
        try {
            if (file.getText().isBlank()) throw new IllegalArgumentException("Choose a tarball first.");
            ref = ImageRef.parse(name.getText());
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        String shown = ref.repository() + ":" + ref.tag();
        long size;
        try {
            size = Files.size(tarball);
        } catch (IOException e) {
            status.setText(Failure.of("read " + tarball, e).text());
            return;
        }
        busy(true);
        progress.setProgress(0);
        status.setText("Sending " + tarball.getFileName() + " (" + Formats.size(size) + ")…");
        AtomicBoolean unpacking = new AtomicBoolean();
        Background.run(() -> {
            try (InputStream in = new Counting(Files.newInputStream(tarball), size, fraction -> Platform.runLater(() -> {
                if (unpacking.get()) return;
                progress.setProgress(fraction);
                if (fraction >= 1 && unpacking.compareAndSet(false, true)) {
                    progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
                    status.setText("Sent; the engine unpacks it…");
                }
            }))) {
                return docker.importImage(shown, in);
            }
        }, id -> {
            unpacking.set(true);
            progress.setProgress(1);
            status.setText("Imported " + shown + (id == null ? "" : " (" + Formats.shortId(id) + ")"));
            busy(false);
        }, e -> {
            unpacking.set(true);
            progress.setProgress(0);
            status.setText(Failure.of("import " + tarball.getFileName(), e).text());
            busy(false);
        });
    }

    private void busy(boolean on) {
        getDialogPane().lookupButton(IMPORT).setDisable(on);
        file.setDisable(on);
        name.setDisable(on);
    }

    /** Reports the share of {@code size} read so far, at most once a percent. */
    private static final class Counting extends FilterInputStream {
        private final long size;
        private final java.util.function.DoubleConsumer report;
        private long read;
        private int percent = -1;

        Counting(InputStream in, long size, java.util.function.DoubleConsumer report) {
            super(in);
            this.size = Math.max(1, size);
            this.report = report;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) count(n);
            return n;
        }

        private void count(long n) {
            read += n;
            int now = (int) Math.min(100, read * 100 / size);
            if (now != percent) {
                percent = now;
                report.accept(now / 100.0);
            }
        }
    }
}
