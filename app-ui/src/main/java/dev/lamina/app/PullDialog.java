package dev.lamina.app;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.HashMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Pulls an image, showing each layer's progress and the whole pull's from the
 * engine's JSON progress stream. Closing the dialog stops watching, not the pull.
 */
public final class PullDialog extends Dialog<Void> {
    private static final ButtonType PULL = new ButtonType("Pull", ButtonBar.ButtonData.OK_DONE);

    private final Docker docker;
    private final TextField name = new TextField();
    private final ProgressBar overall = new ProgressBar(0);
    private final Label status = new Label("Type the name of an image, such as alpine:3.20 or 127.0.0.1:5000/library/alpine:3.20.");
    private final GridPane layers = new GridPane();
    private final Map<String, ProgressBar> bars = new HashMap<>();
    private final Map<String, Label> labels = new HashMap<>();

    public PullDialog(Docker docker, javafx.stage.Window owner) {
        this.docker = docker;
        setTitle("Pull an image");
        setHeaderText("Pull an image from a registry");
        initOwner(owner);
        getDialogPane().getButtonTypes().addAll(PULL, ButtonType.CLOSE);
        name.setPromptText("image name, e.g. alpine:3.20");
        name.setId("pull-name");
        overall.setId("pull-overall");
        overall.setMaxWidth(Double.MAX_VALUE);
        status.setId("pull-status");
        status.setWrapText(true);
        layers.setHgap(10);
        layers.setVgap(4);
        layers.setId("pull-layers");
        ScrollPane scroll = new ScrollPane(layers);
        scroll.setFitToWidth(true);
        scroll.setPrefHeight(180);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(10, name, overall, status, scroll);
        box.setPadding(new Insets(10));
        box.setPrefWidth(560);
        getDialogPane().setContent(box);
        Button pull = (Button) getDialogPane().lookupButton(PULL);
        pull.setId("pull-start");
        pull.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog stays open while the pull runs
            start(pull);
        });
        Platform.runLater(name::requestFocus);
    }

    private void start(Button pull) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(name.getText());
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        pull.setDisable(true);
        name.setDisable(true);
        layers.getChildren().clear();
        bars.clear();
        labels.clear();
        overall.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        status.setText("Pulling " + name.getText().strip() + "…");
        PullProgress mine = new PullProgress();
        docker.client().pullImageCmd(ref.repository()).withTag(ref.tag()).exec(new ResultCallback.Adapter<PullResponseItem>() {
            @Override
            public void onNext(PullResponseItem item) {
                Platform.runLater(() -> show(mine, item));
            }

            @Override
            public void onError(Throwable t) {
                Platform.runLater(() -> failed(Failure.of("pull " + name.getText().strip(), t).text()));
            }

            @Override
            public void onComplete() {
                Platform.runLater(() -> {
                    if (mine.failed()) return; // an error message in the stream said so
                    overall.setProgress(1);
                    status.setText(mine.status().replaceFirst("^Status: ", ""));
                    ready();
                });
            }
        });
    }

    private void failed(String message) {
        overall.setProgress(0);
        status.setText(message);
        ready();
    }

    private void ready() {
        getDialogPane().lookupButton(PULL).setDisable(false);
        name.setDisable(false);
    }

    private void show(PullProgress mine, PullResponseItem item) {
        if (item.isErrorIndicated()) {
            mine.fail();
            failed("Could not pull " + name.getText().strip() + ": " + (item.getErrorDetail() != null
                    ? item.getErrorDetail().getMessage() : "the engine reported an error")
                    + "\nCheck the name and the registry, then try again.");
            return;
        }
        PullProgress.Layer layer = mine.accept(item);
        if (layer != null) {
            ProgressBar bar = bars.computeIfAbsent(layer.id(), id -> {
                ProgressBar b = new ProgressBar(0);
                b.setId("layer-" + id);
                b.setPrefWidth(220);
                Label l = new Label();
                labels.put(id, l);
                layers.addRow(bars.size(), new Label(Formats.shortId(id)), b, l);
                return b;
            });
            bar.setProgress(layer.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : layer.fraction());
            labels.get(layer.id()).setText(layer.status());
        }
        double all = mine.overall();
        overall.setProgress(all < 0 ? ProgressBar.INDETERMINATE_PROGRESS : all);
        if (!mine.status().isEmpty()) status.setText(mine.status().replaceFirst("^Status: ", ""));
    }
}
