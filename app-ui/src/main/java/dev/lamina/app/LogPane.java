package dev.lamina.app;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * A container's logs, following live (the engine's log stream with follow): the
 * last 1000 lines, then each line as the container writes it. Text arriving
 * between two frames of the window is added at once, in one change.
 */
public final class LogPane extends BorderPane {
    private static final int KEEP_CHARS = 1_000_000;

    private final Docker docker;
    private final TextArea text = new TextArea();
    private final CheckBox timestamps = new CheckBox("Timestamps");
    private final TextField search = new TextField();
    private final StringBuilder pending = new StringBuilder();
    private boolean flushQueued;
    private Closeable stream;
    private String containerId;

    public LogPane(Docker docker) {
        this.docker = docker;
        text.setEditable(false);
        text.setWrapText(false);
        text.setId("logs");
        text.getStyleClass().add("mono");
        timestamps.setOnAction(_ -> follow(containerId));
        search.setPromptText("Find in logs (Enter: next)");
        search.setId("log-search");
        search.setOnAction(_ -> findNext());
        HBox.setHgrow(search, Priority.ALWAYS);
        HBox bar = new HBox(10, search, timestamps);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        setTop(bar);
        setCenter(text);
    }

    /** Follows {@code id}'s logs from now on (null: none). */
    public void follow(String id) {
        stop();
        containerId = id;
        text.clear();
        if (id == null) return;
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                append(this, new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        };
        stream = callback;
        docker.client().logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .withTail(1000).withTimestamps(timestamps.isSelected()).exec(callback);
    }

    private void append(Closeable from, String s) {
        synchronized (pending) {
            pending.append(s);
            if (flushQueued) return;
            flushQueued = true;
        }
        Platform.runLater(() -> {
            String chunk;
            synchronized (pending) {
                chunk = pending.toString();
                pending.setLength(0);
                flushQueued = false;
            }
            if (from != stream) return; // a stream closed since: another container's
            text.appendText(chunk);
            if (text.getLength() > KEEP_CHARS) text.deleteText(0, text.getLength() - KEEP_CHARS);
        });
    }

    private void findNext() {
        String needle = search.getText();
        if (needle.isEmpty()) return;
        String all = text.getText();
        int from = text.getCaretPosition();
        int at = all.indexOf(needle, from);
        if (at < 0) at = all.indexOf(needle); // wrap around
        if (at >= 0) text.selectRange(at, at + needle.length());
    }

    public void stop() {
        Closeable s = stream;
        stream = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // The stream is dropped either way.
            }
        }
    }
}
